import type { NotificationChannel, OutboundNotification, SendResult } from './notification-channel.ts';
import type { RenderedMessage } from '../templates.ts';
import { mainlandChinaMobile, toE164 } from './phone.ts';

export interface SmsRoutes {
  /** Alibaba Cloud SMS: mainland-China mobile numbers (sign name + template code). */
  mainlandChina?: NotificationChannel;
  /** AWS End User Messaging SMS: every other number (and mainland China when allowed). */
  international?: NotificationChannel;
  /** AWS also takes mainland-China numbers when no domestic provider is set (needs a registered template route there). */
  internationalServesMainland?: boolean;
}

/**
 * The one `sms` channel the notifier sees, routing per number: mainland-China mobiles go to
 * Alibaba Cloud SMS when it is configured (domestic carriers filter unregistered international
 * senders; "most Chinese shops use a domestic provider", channels.md), everything else to AWS.
 */
export class SmsRouter implements NotificationChannel {
  constructor(private readonly r: SmsRoutes) {}

  /** Which provider would take this number, if any: the scanner asks before queuing an SMS. */
  routeFor(phone: string): NotificationChannel | undefined {
    if (mainlandChinaMobile(phone)) return this.r.mainlandChina ?? (this.r.internationalServesMainland ? this.r.international : undefined);
    return toE164(phone) ? this.r.international : undefined;
  }

  reaches(phone: string): boolean {
    return this.routeFor(phone) !== undefined;
  }

  async send(n: OutboundNotification, rendered: RenderedMessage): Promise<SendResult> {
    if (!n.to.phone) return { ok: false, retryable: false, detail: 'no phone number' };
    const route = this.routeFor(n.to.phone);
    if (!route) return { ok: false, retryable: false, detail: 'no SMS provider for this number' };
    return route.send(n, rendered);
  }
}
