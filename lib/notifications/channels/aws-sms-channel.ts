import { SendTextMessageCommand, type PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { NotificationChannel, OutboundNotification, SendResult } from './notification-channel.ts';
import type { RenderedMessage } from '../templates.ts';
import { awsFailure } from './aws-error.ts';
import { toE164 } from './phone.ts';

export interface AwsSmsOptions {
  /** NOTIFY_SMS_ORIGINATION_IDENTITY: phone number, sender id, pool (id or ARN). Unset: the account's default for the country. */
  originationIdentity?: string;
  /** NOTIFY_SMS_CONFIGURATION_SET: delivery events. */
  configurationSet?: string;
}

/**
 * SendTextMessage errors (API reference → Errors) that mean "later": ThrottlingException
 * (MPS exceeded), InternalServerException. ServiceQuotaExceededException carries a Reason such as
 * MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT or DAILY_DESTINATION_CALL_LIMIT that resets on a day or
 * month scale, far beyond the queue's retries, so it fails for an operator to see; so do
 * ConflictException (DESTINATION_PHONE_NUMBER_OPTED_OUT), ValidationException,
 * ResourceNotFoundException and AccessDeniedException.
 */
const RETRYABLE = new Set(['ThrottlingException', 'InternalServerException']);

/**
 * SMS through AWS End User Messaging SMS (pinpoint-sms-voice-v2) `SendTextMessage`, one recipient
 * per call, E.164 destination, TRANSACTIONAL (a service message: routed for reliability, allowed
 * without marketing consent).
 * https://docs.aws.amazon.com/pinpoint/latest/apireference_smsvoicev2/API_SendTextMessage.html
 */
export class AwsSmsChannel implements NotificationChannel {
  constructor(
    private readonly client: PinpointSMSVoiceV2Client,
    private readonly o: AwsSmsOptions = {},
  ) {}

  async send(n: OutboundNotification, rendered: RenderedMessage): Promise<SendResult> {
    const phone = n.to.phone ? toE164(n.to.phone) : undefined;
    if (!phone) return { ok: false, retryable: false, detail: n.to.phone ? 'phone number not in E.164 form' : 'no phone number' };
    try {
      const res = await this.client.send(
        new SendTextMessageCommand({
          DestinationPhoneNumber: phone,
          OriginationIdentity: this.o.originationIdentity,
          ConfigurationSetName: this.o.configurationSet,
          // SMS has no subject line: it leads the text.
          MessageBody: `${rendered.subject}\n${rendered.text}`,
          MessageType: 'TRANSACTIONAL',
          // Logged to the configuration set's event destination: ties a delivery receipt to the notification.
          Context: { notificationId: n.id },
        }),
      );
      return { ok: true, detail: `aws-sms ${res.MessageId ?? ''}`.trim() };
    } catch (err) {
      return awsFailure('aws-sms', err, RETRYABLE);
    }
  }
}
