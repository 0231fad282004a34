import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { NotificationChannel, OutboundNotification, SendResult } from './notification-channel.ts';
import type { RenderedMessage } from '../templates.ts';
import { awsFailure } from './aws-error.ts';

export interface SesEmailOptions {
  /** Verified sender identity (NOTIFY_EMAIL_FROM). */
  from: string;
  /** NOTIFY_SES_CONFIGURATION_SET: bounce/complaint event publishing. */
  configurationSet?: string;
}

/**
 * SES v2 SendEmail errors that mean "later" (API reference, SendEmail → Errors):
 * TooManyRequestsException (429, sending rate), LimitExceededException (a quota, e.g. the daily
 * sending quota), InternalServiceErrorException. The others (MessageRejected,
 * MailFromDomainNotVerifiedException, AccountSuspendedException, SendingPausedException,
 * NotFoundException, BadRequestException) do not get better by retrying the same message.
 */
const RETRYABLE = new Set(['TooManyRequestsException', 'LimitExceededException', 'InternalServiceErrorException']);

/**
 * E-mail through SES v2 `SendEmail` with simple content (subject + text body, UTF-8).
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html
 */
export class SesEmailChannel implements NotificationChannel {
  constructor(
    private readonly ses: SESv2Client,
    private readonly o: SesEmailOptions,
  ) {}

  async send(n: OutboundNotification, rendered: RenderedMessage): Promise<SendResult> {
    if (!n.to.email) return { ok: false, retryable: false, detail: 'no e-mail address' };
    try {
      const res = await this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: this.o.from,
          Destination: { ToAddresses: [n.to.email] },
          ConfigurationSetName: this.o.configurationSet,
          Content: {
            Simple: {
              Subject: { Data: rendered.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: rendered.text, Charset: 'UTF-8' } },
            },
          },
          // Tags travel to the configuration set's events, so a bounce can be traced to its notification.
          EmailTags: [
            { Name: 'notification', Value: tagValue(n.id) },
            { Name: 'template', Value: tagValue(n.template) },
          ],
        }),
      );
      return { ok: true, detail: `ses ${res.MessageId ?? ''}`.trim() };
    } catch (err) {
      return awsFailure('ses', err, RETRYABLE);
    }
  }
}

/** SES tag values allow only ASCII letters, digits, `_`, `-`, `.`, `@` (MessageTag, max 256). */
const tagValue = (s: string) => s.replace(/[^\w.@-]/g, '_').slice(0, 256);
