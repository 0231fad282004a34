import { signStandardWebhook, standardWebhooksKey } from '../../platform/signing/standard-webhooks.ts';
import type { NotificationChannel, OutboundNotification, SendResult } from './notification-channel.ts';
import type { RenderedMessage } from '../templates.ts';

export interface WebhookChannelOptions {
  url: string;
  /** `whsec_<base64>` (Standard Webhooks symmetric key). */
  secret: string;
  timeoutMs: number;
  attempts: number;
  /** First retry delay; doubles per attempt, with jitter. */
  backoffMs?: number;
  now?: () => Date;
  fetch?: typeof fetch;
}

/** 408 and 429 say "later", 5xx "not now"; any other 4xx will not get better by retrying. */
const retryableStatus = (s: number) => s === 408 || s === 429 || s >= 500;

/**
 * The merchant's messaging endpoint (NOTIFY_WEBHOOK_URL), signed per the Standard Webhooks spec
 * (https://www.standardwebhooks.com): `webhook-id` is the notification id, stable across retries,
 * so the receiver can deduplicate; `webhook-signature: v1,<base64 HMAC-SHA256("id.timestamp.body")>`.
 * Each attempt is re-signed with a fresh timestamp so a retry never falls outside the receiver's
 * tolerance window.
 */
export class WebhookChannel implements NotificationChannel {
  private readonly key: Buffer;

  constructor(private readonly o: WebhookChannelOptions) {
    this.key = standardWebhooksKey(o.secret);
  }

  async send(n: OutboundNotification, rendered: RenderedMessage): Promise<SendResult> {
    const now = this.o.now ?? (() => new Date());
    const body = JSON.stringify({
      type: 'notification.delay_warning',
      timestamp: now().toISOString(),
      data: {
        notificationId: n.id,
        incidentId: n.incidentId,
        batchId: n.batchId,
        orderId: n.orderId,
        platform: n.platform,
        carrier: n.carrier,
        trackingNumber: n.trackingNumber,
        template: n.template,
        locale: n.locale,
        // The merchant's system delivers the message, so it gets the contact (over TLS, signed).
        recipient: n.to,
        subject: rendered.subject,
        text: rendered.text,
      },
    });
    const doFetch = this.o.fetch ?? fetch;
    let last = 'not attempted';
    for (let attempt = 1; attempt <= this.o.attempts; attempt++) {
      const ts = String(Math.floor(now().getTime() / 1000));
      const signature = signStandardWebhook(this.key, n.id, Number(ts), body);
      try {
        const res = await doFetch(this.o.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'webhook-id': n.id, 'webhook-timestamp': ts, 'webhook-signature': signature },
          body,
          signal: AbortSignal.timeout(this.o.timeoutMs),
        });
        await res.body?.cancel().catch(() => undefined);
        if (res.ok) return { ok: true, detail: `webhook ${res.status}` };
        last = `webhook answered ${res.status}`;
        if (!retryableStatus(res.status)) return { ok: false, retryable: false, detail: last };
      } catch (err) {
        last = err instanceof Error && err.name === 'TimeoutError' ? `webhook timed out after ${this.o.timeoutMs} ms` : 'webhook unreachable';
      }
      if (attempt < this.o.attempts) {
        const base = (this.o.backoffMs ?? 200) * 2 ** (attempt - 1);
        await new Promise((r) => setTimeout(r, base / 2 + Math.random() * base));
      }
    }
    return { ok: false, retryable: true, detail: `${last} (${this.o.attempts} attempts)` };
  }
}
