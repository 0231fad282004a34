import { isDependencyUnavailable } from '../../platform/errors.ts';
import type { NotificationChannel, OutboundNotification, SendResult } from './notification-channel.ts';
import type { RenderedMessage } from '../templates.ts';

/** The subset of SES v2 `SendEmail` input this channel sends. */
export interface SesSendEmailInput {
  FromEmailAddress: string;
  Destination: { ToAddresses: string[] };
  Content: { Simple: { Subject: { Data: string; Charset: 'UTF-8' }; Body: { Text: { Data: string; Charset: 'UTF-8' } } } };
}

/**
 * The one SES call this channel needs, injected so this module does not depend on
 * `@aws-sdk/client-sesv2`. Wire it as `(input) => sesv2.send(new SendEmailCommand(input))`.
 */
export type SesSendEmail = (input: SesSendEmailInput) => Promise<{ MessageId?: string }>;

export class SesEmailChannel implements NotificationChannel {
  constructor(
    private readonly sendEmail: SesSendEmail,
    private readonly from: string,
  ) {}

  async send(n: OutboundNotification, rendered: RenderedMessage): Promise<SendResult> {
    if (!n.to.email) return { ok: false, retryable: false, detail: 'no e-mail address' };
    try {
      const res = await this.sendEmail({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [n.to.email] },
        Content: { Simple: { Subject: { Data: rendered.subject, Charset: 'UTF-8' }, Body: { Text: { Data: rendered.text, Charset: 'UTF-8' } } } },
      });
      return { ok: true, detail: `ses ${res.MessageId ?? ''}`.trim() };
    } catch (err) {
      // SES errors name the problem (MessageRejected, AccountSuspended), not the address.
      return { ok: false, retryable: isDependencyUnavailable(err), detail: `ses ${err instanceof Error ? err.name : 'error'}` };
    }
  }
}
