import type { ComplaintService } from '../complaints/complaint-service.ts';
import { complaintIdOf, issueKeyOf } from '../complaints/domain/complaint-reducer.ts';
import { complaintReadAhead } from '../complaints/complaint-read-ahead.ts';
import type { EventContext, EventHandler } from '../intake/ingest-worker.ts';
import type { CanonicalEvent } from '../canonical/canonical.ts';
import { applyShipmentEvent, type LogisticsComplaintLookup, type ShipmentEventDeps, type ShipmentRead } from '../logistics/apply-shipment-event.ts';
import { complaintKey, shipmentKey } from '../platform/table/keys.ts';
import type { TableKey } from '../platform/table/prefetch.ts';
import type { Shipment } from '../logistics/shipment-types.ts';

/** The order's logistics complaint as the shipment record tracks it (ids are deterministic). */
export function logisticsComplaintLookup(get: (id: string) => Promise<unknown>): LogisticsComplaintLookup {
  return {
    idFor: (orderId) => complaintIdOf(orderId, 'logistics'),
    exists: async (id) => (await get(id)) !== undefined,
    keyOf: (id) => complaintKey(id),
  };
}

/**
 * What the domain reads first for a message, known from the events alone: each shipment event's
 * shipment, and when the event names its order, that order's logistics complaint (whether it
 * exists, for the shipment's flag); for a request or report, what the complaint engine reads
 * first (complaint-read-ahead.ts). The ingest worker reads them with the dedup record in one
 * BatchGetItem.
 */
export function prefetchKeysFor(events: CanonicalEvent[]): TableKey[] {
  const keys: TableKey[] = complaintReadAhead(events);
  for (const e of events) {
    if (e.type !== 'order.shipped' && e.type !== 'tracking.updated') continue;
    if (e.type === 'tracking.updated' && e.data.direction === 'return') continue;
    keys.push(shipmentKey(e.data.trackingNumber));
    if (e.data.orderId) keys.push(complaintKey(complaintIdOf(e.data.orderId, 'logistics')));
  }
  return keys;
}

/**
 * Where canonical events meet the domain: shipments first (courier events learn their order there),
 * then the complaint engine. Both are idempotent per event id, as the ingest worker requires.
 * A routine courier scan of a parcel whose record says its order has no logistics complaint skips
 * the complaint engine's read (`noLogisticsComplaint`): the update costs the shipment's read and
 * write only.
 */
export function createDomain(deps: { stall: ShipmentEventDeps; complaints: ComplaintService; inFlight?: Map<string, Shipment> }): EventHandler {
  const handle: EventHandler = async (events, context: EventContext = {}) => {
    for (const event of events) {
      // The complaint engine starts as soon as the shipment record was read (it needs the order and
      // the flag, not the write): the shipment's write and the complaint's reads run side by side.
      // Both are idempotent per event and the delivery is marked done only after both, as before.
      let onRead!: (r: ShipmentRead) => void;
      const read = new Promise<ShipmentRead>((resolve) => (onRead = resolve));
      const shipment = applyShipmentEvent(event, deps.stall, { prefetched: context.prefetched, onRead });
      const first: ShipmentRead = await Promise.race([read, shipment.then((r): ShipmentRead => ({ orderId: r.orderId, logisticsComplaint: r.logisticsComplaint }))]);
      // The parcel just read is the order's facts for a complaint this event opens (no index read).
      if (first.orderId && first.shipment) deps.inFlight?.set(first.orderId, first.shipment);
      const complaint = (async () => {
        await flagBeforeOpening(event, deps);
        // 'none': the order had no logistics complaint before this event (routine scan: nothing to
        // extend, no read; courier trouble: the complaint is new, no read before creating it).
        const none = first.logisticsComplaint === 'none';
        await deps.complaints.applyEvents([event], { orderIdFor: () => first.orderId, noLogisticsComplaint: () => none, ahead: context.prefetched });
      })();
      let written: Shipment | undefined;
      try {
        [{ shipment: written }] = await Promise.all([shipment, complaint]);
      } finally {
        if (first.orderId && deps.inFlight?.get(first.orderId) === first.shipment) deps.inFlight?.delete(first.orderId);
      }
      if (event.type === 'order.shipped') await linkEarlierTrouble(event, written, deps);
    }
  };
  handle.prefetchKeys = prefetchKeysFor;
  return handle;
}

/**
 * A logistics complaint opened by anything but a parcel's own courier trouble (a customer's
 * report): the order's parcels are flagged BEFORE the complaint can exist, so a crash in between
 * leaves a flag without complaint (harmless: a read that finds none), never the reverse.
 */
async function flagBeforeOpening(event: CanonicalEvent, deps: { stall: ShipmentEventDeps }) {
  if (event.type !== 'complaint.reported' || !deps.stall.logisticsComplaint) return;
  const orderId = event.data.orderId;
  if (!orderId || issueKeyOf(event, { orderId }) !== 'logistics') return;
  await deps.stall.shipments.flagLogisticsComplaint(orderId, deps.stall.logisticsComplaint.idFor(orderId));
}

/**
 * A courier exception can arrive before the shop's `order.shipped` (feeds are independent): the
 * shipment then had no order to open a complaint for. When the order becomes known, the trouble
 * the record (as just written) holds is replayed to the complaint engine once (its id makes it
 * idempotent).
 */
async function linkEarlierTrouble(event: Extract<CanonicalEvent, { type: 'order.shipped' }>, s: Shipment | undefined, deps: { complaints: ComplaintService }) {
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
