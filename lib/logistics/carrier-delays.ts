import type { StallAlert } from './alert-types.ts';
import { hoursWithoutUpdate } from './alert-rules.ts';

export interface CarrierDelayTerms {
  /** Delays beyond this many hours earn compensation (domain §4: 24 h). */
  agreedHours: number;
  /** Owed per delayed order (domain §4: 50 CNY). */
  compensationCny: number;
}

export interface CarrierDelayLine {
  carrier: string;
  delayedOrders: number;
  compensationOwed: { value: number; currency: 'CNY' };
  orders: { orderId: string; trackingNumber: string; hoursWithoutUpdate: number; alertId: string }[];
}

/**
 * The carrier delay ledger: per carrier, the orders whose parcel went longer than the agreed hours
 * without an update, and what the carrier owes for them. An order counts once per carrier however
 * many of its parcels or episodes stalled (its longest delay is shown). Pure.
 */
export function carrierDelayLedger(alerts: readonly StallAlert[], terms: CarrierDelayTerms, now: Date): CarrierDelayLine[] {
  const byCarrier = new Map<string, Map<string, CarrierDelayLine['orders'][number]>>();
  for (const a of alerts) {
    const hours = hoursWithoutUpdate(a, now);
    if (hours <= terms.agreedHours) continue;
    const orders = byCarrier.get(a.carrier) ?? new Map();
    const prev = orders.get(a.orderId);
    if (!prev || prev.hoursWithoutUpdate < hours) orders.set(a.orderId, { orderId: a.orderId, trackingNumber: a.trackingNumber, hoursWithoutUpdate: hours, alertId: a.id });
    byCarrier.set(a.carrier, orders);
  }
  return [...byCarrier.entries()]
    .map(([carrier, orders]) => ({
      carrier,
      delayedOrders: orders.size,
      compensationOwed: { value: Math.round(orders.size * terms.compensationCny * 100) / 100, currency: 'CNY' as const },
      orders: [...orders.values()].sort((x, y) => x.orderId.localeCompare(y.orderId)),
    }))
    .sort((x, y) => y.delayedOrders - x.delayedOrders || x.carrier.localeCompare(y.carrier));
}
