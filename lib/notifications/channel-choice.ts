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
}

export const NO_CONTACT_CHANNEL = 'no contact channel';

/**
 * The channel a customer is warned through, decided when the notification is created:
 *   1. the merchant webhook when configured: the merchant reaches its customer by order id (app,
 *      platform chat) even without a phone or e-mail, so it is never skipped;
 *   2. SMS when there is a phone (the cherries case warned by SMS), then e-mail;
 *   3. locally, the outbox for any customer with a phone or e-mail;
 *   otherwise the notification is recorded as skipped: "no contact channel".
 */
export function chooseChannel(customer: Pick<Customer, 'phone' | 'email'> | undefined, available: ChannelAvailability): { channel: ChannelName } | { skip: string } {
  const phone = Boolean(customer?.phone?.trim());
  const email = Boolean(customer?.email?.trim());
  if (available.webhook) return { channel: 'webhook' };
  if (phone && available.sms) return { channel: 'sms' };
  if (email && available.email) return { channel: 'email' };
  if ((phone || email) && available.outbox) return { channel: 'outbox' };
  return { skip: NO_CONTACT_CHANNEL };
}
