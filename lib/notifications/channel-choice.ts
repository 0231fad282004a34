import type { Customer } from '../canonical/canonical.ts';
import type { ChannelName } from './notification-types.ts';

/** Which channels this deployment can deliver through. */
export interface ChannelAvailability {
  /** NOTIFY_WEBHOOK_URL is set: the merchant's own messaging system delivers. */
  webhook: boolean;
  sms: boolean;
  email: boolean;
  /** Local runs only: record the message as sent to the outbox instead of delivering it. */
  outbox: boolean;
  /**
   * Whether a configured SMS provider takes this number (Alibaba Cloud serves mainland China
   * only, AWS the rest unless told otherwise). Absent: any number when `sms` is true.
   */
  smsReaches?: (phone: string) => boolean;
}

export const NO_CONTACT_CHANNEL = 'no contact channel';

/**
 * The channel a customer is warned through, decided when the notification is created, by the
 * contact the customer left and their locale:
 *   1. the merchant webhook when configured: the merchant reaches its customer by order id (app,
 *      platform chat) even without a phone or e-mail, so it is never skipped;
 *   2. SMS when there is a phone a provider can reach (the cherries case warned by SMS), then
 *      e-mail; a customer whose locale is English and who left an e-mail gets e-mail first
 *      (international SMS is costly and often filtered, e-mail is what such shops use);
 *   3. locally, the outbox for any customer with a phone or e-mail;
 *   otherwise the notification is recorded as skipped: "no contact channel".
 */
export function chooseChannel(customer: Pick<Customer, 'phone' | 'email' | 'locale'> | undefined, available: ChannelAvailability): { channel: ChannelName } | { skip: string } {
  const phone = customer?.phone?.trim() ?? '';
  const email = Boolean(customer?.email?.trim());
  if (available.webhook) return { channel: 'webhook' };
  const sms = !!phone && available.sms && (available.smsReaches?.(phone) ?? true);
  const emailFirst = (customer?.locale ?? '').toLowerCase().startsWith('en');
  if (emailFirst && email && available.email) return { channel: 'email' };
  if (sms) return { channel: 'sms' };
  if (email && available.email) return { channel: 'email' };
  if ((phone || email) && available.outbox) return { channel: 'outbox' };
  return { skip: NO_CONTACT_CHANNEL };
}
