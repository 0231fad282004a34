import type { StallReport } from '../complaints/complaint-port.ts';
import { hoursSince } from './shipment-rules.ts';
import type { Shipment } from './shipment-types.ts';
import type { StallAlert } from './alert-types.ts';
import { alertIdFor } from './stall-ids.ts';

/** The alert a stalled parcel opens for its episode. Pure. */
export function alertFor(s: Shipment, episode: string, now: Date): StallAlert {
  return {
    id: alertIdFor(s.trackingNumber, episode),
    type: 'logistics_stall',
    state: 'open',
    carrier: s.carrier,
    trackingNumber: s.trackingNumber,
    orderId: s.orderId!,
    batchId: s.batchId,
    lastEventAt: episode,
    detectedAt: now.toISOString(),
    hoursWithoutUpdate: hoursSince(episode, now),
  };
}

/** Hours the parcel went without an update: until now while open, until it moved once resolved. */
export function hoursWithoutUpdate(a: StallAlert, now: Date): number {
  return hoursSince(a.lastEventAt, a.state === 'open' ? now : (a.recoveredAt ?? a.resolvedAt ?? now.toISOString()));
}

/** Contract §2 Alert (plus `resolvedAt` once resolved). */
export function toAlertView(a: StallAlert, now: Date) {
  return {
    id: a.id,
    type: a.type,
    state: a.state,
    carrier: a.carrier,
    trackingNumber: a.trackingNumber,
    orderId: a.orderId,
    batchId: a.batchId,
    lastEventAt: a.lastEventAt,
    detectedAt: a.detectedAt,
    hoursWithoutUpdate: hoursWithoutUpdate(a, now),
    complaintId: a.complaintId,
    incidentId: a.incidentId,
    resolvedAt: a.resolvedAt,
  };
}

/** What the complaint engine is told about the stall: the tier rules need the order's tags, value and promise. */
export function stallReportFor(a: StallAlert, s: Shipment, incidentId: string): StallReport {
  return {
    alertId: a.id,
    incidentId,
    orderId: a.orderId,
    carrier: a.carrier,
    trackingNumber: a.trackingNumber,
    batchId: a.batchId,
    lastEventAt: a.lastEventAt,
    detectedAt: a.detectedAt,
    hoursWithoutUpdate: a.hoursWithoutUpdate,
    orderFacts: { tags: s.tags, amount: s.amount, promisedBy: s.promisedBy, customer: s.customer, platform: s.platform },
  };
}
