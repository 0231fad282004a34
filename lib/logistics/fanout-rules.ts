import { maskEmail, maskPhone } from '../platform/masking.ts';
import { chooseChannel, type ChannelAvailability } from '../notifications/channel-choice.ts';
import type { NotificationRecord } from '../notifications/notification-types.ts';
import { DELAY_WARNING_TEMPLATE, resolveLocale, type Locale } from '../notifications/templates.ts';
import type { Shipment } from './shipment-types.ts';
import { notificationIdFor } from './stall-ids.ts';

/**
 * The batch's orders that get a warning: every order not yet delivered, the stalled one included
 * (contract §4). An order with several parcels is delivered only when all of them are; its
 * notification names the first parcel still on its way.
 */
export function ordersToNotify(members: readonly Shipment[]): Shipment[] {
  const byOrder = new Map<string, Shipment[]>();
  for (const s of members) {
    if (!s.orderId) continue;
    byOrder.set(s.orderId, [...(byOrder.get(s.orderId) ?? []), s]);
  }
  const out: Shipment[] = [];
  for (const parcels of byOrder.values()) {
    const open = parcels.filter((p) => p.status !== 'delivered').sort((a, b) => a.trackingNumber.localeCompare(b.trackingNumber));
    if (open[0]) out.push(open[0]);
  }
  return out.sort((a, b) => a.orderId!.localeCompare(b.orderId!));
}

export interface FanoutContext {
  incidentId: string;
  batchId: string;
  now: Date;
  channels: ChannelAvailability;
  defaultLocale: Locale;
}

/** The notification record for one order of the incident: queued on its channel, or skipped with the reason. */
export function notificationFor(s: Shipment, ctx: FanoutContext): NotificationRecord {
  const orderId = s.orderId!;
  const choice = chooseChannel(s.customer, ctx.channels);
  const recipient = s.customer?.phone ? maskPhone(s.customer.phone) : s.customer?.email ? maskEmail(s.customer.email) : undefined;
  return {
    id: notificationIdFor(ctx.incidentId, orderId),
    incidentId: ctx.incidentId,
    batchId: ctx.batchId,
    orderId,
    trackingNumber: s.trackingNumber,
    channel: 'channel' in choice ? choice.channel : 'none',
    locale: resolveLocale(s.customer?.locale, ctx.defaultLocale),
    template: DELAY_WARNING_TEMPLATE,
    status: 'channel' in choice ? 'queued' : 'skipped',
    reason: 'skip' in choice ? choice.skip : undefined,
    queuedAt: ctx.now.toISOString(),
    recipient,
  };
}
