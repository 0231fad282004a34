import * as z from 'zod/mini';
import '../platform/zod-locale.ts';
import type { Logger } from '../platform/logger.ts';
import type { Customer } from '../canonical/canonical.ts';
import { NO_CONTACT_CHANNEL } from './channel-choice.ts';
import type { NotificationChannel } from './channels/notification-channel.ts';
import type { NotificationStore } from './notification-store.ts';
import type { ChannelName, NotificationRecord } from './notification-types.ts';
import { renderDelayWarning, type Locale } from './templates.ts';

/** What the notifier needs of a shipment: the contact and the parcel's facts for the message. */
export interface RecipientLookup {
  get(trackingNumber: string): Promise<{ customer?: Customer; carrier: string; promisedBy?: string; platform?: string } | undefined>;
}

export interface NotifierDeps {
  notifications: NotificationStore;
  /** Where the notifier finds the recipient (the shipment holds the raw contact); a port, so notifications never import logistics. */
  shipments: RecipientLookup;
  channels: Partial<Record<ChannelName, NotificationChannel>>;
  remedy: Record<Locale, string>;
  logger: Logger;
  now: () => Date;
  /** How long a claim lasts before another notifier may take over (longer than a channel's worst case). */
  lockSeconds: number;
}

/** What one message did. `recipient` is masked; the raw contact never leaves the notifier. */
export interface DeliveryOutcome {
  outcome: 'sent' | 'failed' | 'skipped' | 'duplicate';
  notificationId: string;
  orderId: string;
  channel?: string;
  recipient?: string;
  detail?: string;
}

/** Thrown to have the queue redeliver later: another notifier holds the claim, or the channel failed transiently. */
export class NotifyRetryLaterError extends Error {
  override name = 'NotifyRetryLaterError';
}

const messageSchema = z.object({ v: z.literal(1), notificationId: z.string().check(z.minLength(1)), incidentId: z.string().check(z.minLength(1)), orderId: z.string().check(z.minLength(1)) });

/** Which contact each channel needs; the merchant webhook reaches the customer by order id. */
const needsContact: Record<ChannelName, (to: { phone?: string; email?: string }) => boolean> = {
  webhook: () => true,
  sms: (to) => !!to.phone,
  email: (to) => !!to.email,
  outbox: (to) => !!(to.phone || to.email),
};

/**
 * One notify-queue message: claim the record (queued → sending, conditional), read the contact from
 * the shipment, render, send, record the outcome. A duplicate message for a notification already
 * sent or skipped finds the claim refused and does nothing.
 */
export async function deliverNotification(raw: string, deps: NotifierDeps): Promise<DeliveryOutcome> {
  const msg = messageSchema.parse(JSON.parse(raw));
  const claim = await deps.notifications.claim(msg.incidentId, msg.orderId, deps.now(), deps.lockSeconds);
  const base = { notificationId: msg.notificationId, orderId: msg.orderId };
  if (claim.kind === 'done') return { ...base, outcome: 'duplicate', detail: `already ${claim.status}` };
  if (claim.kind === 'busy') throw new NotifyRetryLaterError(`notification ${msg.notificationId} is being delivered elsewhere`);
  // A message without its record: never created by us (or the table was reset); let the DLQ keep it.
  if (claim.kind === 'missing') throw new Error(`notification ${msg.notificationId} has no record`);

  const rec = claim.record;
  const out = { ...base, channel: rec.channel, recipient: rec.recipient };
  try {
    const result = await send(rec, deps);
    await deps.notifications.finish(rec.incidentId, rec.orderId, { ...result, at: deps.now().toISOString() });
    if (result.status === 'failed' && result.retryable) throw new NotifyRetryLaterError(`notification ${rec.id}: ${result.reason}`);
    return { ...out, outcome: result.status, detail: result.detail ?? result.reason };
  } catch (err) {
    if (!(err instanceof NotifyRetryLaterError)) await deps.notifications.release(rec.incidentId, rec.orderId);
    throw err;
  }
}

type SendOutcome = { status: 'sent' | 'failed' | 'skipped'; reason?: string; detail?: string; retryable?: boolean; message?: NotificationRecord['message'] };

async function send(rec: NotificationRecord, deps: NotifierDeps): Promise<SendOutcome> {
  if (rec.channel === 'none') return { status: 'skipped', reason: rec.reason ?? NO_CONTACT_CHANNEL };
  const channel = deps.channels[rec.channel];
  if (!channel) return { status: 'failed', reason: `channel ${rec.channel} is not configured here` };
  const shipment = await deps.shipments.get(rec.trackingNumber);
  const to = { name: shipment?.customer?.name, phone: shipment?.customer?.phone, email: shipment?.customer?.email };
  if (!needsContact[rec.channel](to)) return { status: 'skipped', reason: NO_CONTACT_CHANNEL };
  const rendered = renderDelayWarning(
    rec.locale,
    { orderId: rec.orderId, carrier: shipment?.carrier ?? '', trackingNumber: rec.trackingNumber, promisedBy: shipment?.promisedBy },
    deps.remedy,
  );
  const res = await channel.send({ ...rec, to, platform: shipment?.platform, carrier: shipment?.carrier ?? '' }, rendered);
  if (res.ok) return { status: 'sent', detail: res.detail, message: rec.channel === 'outbox' ? { subject: rendered.subject, text: rendered.text } : undefined };
  return { status: 'failed', reason: res.detail ?? 'delivery failed', retryable: res.retryable };
}
