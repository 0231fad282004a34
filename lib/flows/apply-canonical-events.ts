import type { ComplaintService } from '../complaints/complaint-service.ts';
import type { EventHandler } from '../intake/ingest-worker.ts';
import type { CanonicalEvent } from '../canonical/canonical.ts';
import { applyShipmentEvent, type ShipmentEventDeps } from '../logistics/apply-shipment-event.ts';

/**
 * Where canonical events meet the domain: shipments first (courier events learn their order there),
 * then the complaint engine. Both are idempotent per event id, as the ingest worker requires.
 */
export function createDomain(deps: { stall: ShipmentEventDeps; complaints: ComplaintService }): EventHandler {
  return async (events) => {
    for (const event of events) {
      const shipment = await applyShipmentEvent(event, deps.stall);
      await deps.complaints.applyEvents([event], { orderIdFor: () => shipment.orderId });
      if (event.type === 'order.shipped') await linkEarlierTrouble(event, deps);
    }
  };
}

/**
 * A courier exception can arrive before the shop's `order.shipped` (feeds are independent): the
 * shipment then had no order to open a complaint for. When the order becomes known, the stored
 * trouble is replayed to the complaint engine once (its id makes it idempotent).
 */
async function linkEarlierTrouble(event: Extract<CanonicalEvent, { type: 'order.shipped' }>, deps: { stall: ShipmentEventDeps; complaints: ComplaintService }) {
  const s = await deps.stall.shipments.get(event.data.trackingNumber);
  if (!s?.lastEventAt || !['exception', 'failed_attempt', 'returned'].includes(s.status)) return;
  const at = s.lastEventAt;
  await deps.complaints.applyEvents([
    {
      type: 'tracking.updated',
      timestamp: at,
      data: { carrier: s.carrier, trackingNumber: s.trackingNumber, status: s.status, occurredAt: at, location: s.lastLocation, description: s.lastDescription, orderId: event.data.orderId },
      id: `courier:${s.trackingNumber}:${at}`,
      provider: s.carrier,
      sourceEventType: 'tracking.updated',
      occurredAt: at,
      receivedAt: event.receivedAt,
    },
  ]);
}
