import { isDependencyUnavailable } from '../../platform/errors.ts';
import type { NotificationChannel, OutboundNotification, SendResult } from './notification-channel.ts';
import type { RenderedMessage } from '../templates.ts';

/** The subset of SNS `Publish` input this channel sends (direct SMS to a phone number). */
export interface SnsPublishInput {
  PhoneNumber: string;
  Message: string;
  MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String'; StringValue: 'Transactional' } };
}

/**
 * The one SNS call this channel needs, injected so this module does not depend on
 * `@aws-sdk/client-sns`. Wire it as `(input) => sns.send(new PublishCommand(input))`.
 */
export type SnsPublish = (input: SnsPublishInput) => Promise<{ MessageId?: string }>;

export class SnsSmsChannel implements NotificationChannel {
  constructor(private readonly publish: SnsPublish) {}

  async send(n: OutboundNotification, rendered: RenderedMessage): Promise<SendResult> {
    if (!n.to.phone) return { ok: false, retryable: false, detail: 'no phone number' };
    try {
      const res = await this.publish({
        PhoneNumber: n.to.phone,
        // SMS has no subject line: it leads the text.
        Message: `${rendered.subject}\n${rendered.text}`,
        // Transactional: a service message, routed for reliability rather than cost (SNS SMS types).
        MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
      });
      return { ok: true, detail: `sns ${res.MessageId ?? ''}`.trim() };
    } catch (err) {
      return { ok: false, retryable: isDependencyUnavailable(err), detail: `sns ${err instanceof Error ? err.name : 'error'}` };
    }
  }
}
