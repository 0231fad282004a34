import type { CanonicalEvent } from '../canonical/canonical.ts';
import type { StallDeps } from './stall-deps.ts';
import { resolveStallEpisode, type Recovery } from './stall-recovery.ts';
import { applyTracking, episodeOf, isDue, mergeOrderShipped, needsRecovery } from './shipment-rules.ts';
import { ShipmentConflict, shipmentOf } from './shipment-store.ts';
import type { Shipment } from './shipment-types.ts';
import type { Prefetched, TableKey } from '../platform/table/prefetch.ts';
import { shipmentKey } from '../platform/table/keys.ts';

/**
 * How the shipment record learns whether its order has a logistics complaint (the complaint
 * engine's ids, given by the flows layer: logistics never imports complaints).
 */
export interface LogisticsComplaintLookup {
  /** The id the order's logistics complaint has (or will have): ids are deterministic. */
  idFor(orderId: string): string;
  /** Whether that complaint exists now (one consistent read; prefetched with the message when the event names its order). */
  exists(complaintId: string): Promise<boolean>;
  /** Its table key, to find it among the prefetched items. */
  keyOf(complaintId: string): TableKey;
}

export type ShipmentEventDeps = Pick<StallDeps, 'shipments' | 'alerts' | 'incidents' | 'complaints' | 'rules' | 'logger' | 'now'> & {
  logisticsComplaint?: LogisticsComplaintLookup;
};

export interface ShipmentEventResult {
  /** `stale`: an older courier event than the stored one, nothing changed. `ignored`: not a shipment event. */
  outcome: 'created' | 'updated' | 'stale' | 'ignored';
  trackingNumber?: string;
  orderId?: string;
  /** Present when this event ended a stall: the alert resolved, the complaint was told. */
  recovery?: Recovery;
  /**
   * What the record says about the order's logistics complaint: `none` (the flag is maintained and
   * absent: a routine scan has nothing to extend), `maybe` (flagged), `unknown` (a record from
   * before the flag, or no order yet).
   */
  logisticsComplaint: 'none' | 'maybe' | 'unknown';
  /** The record as this event left it (as stored, for a stale event). */
  shipment?: Shipment;
}

/** What the first read of the record says, before it is written: enough for the complaint engine to start. */
export interface ShipmentRead {
  orderId?: string;
  /** The record as this event will leave it (or as stored, for a stale event): the order's facts without another read. */
  shipment?: Shipment;
  /** The order's logistics complaint as the record knew it BEFORE this event (see ShipmentEventResult). */
  logisticsComplaint: ShipmentEventResult['logisticsComplaint'];
}

const TROUBLE = ['exception', 'failed_attempt', 'returned'];

const complaintState = (s: Shipment | undefined): ShipmentEventResult['logisticsComplaint'] =>
  !s?.orderId || !s.complaintFlag ? (s?.logisticsComplaintId ? 'maybe' : 'unknown') : s.logisticsComplaintId ? 'maybe' : 'none';

const MAX_ATTEMPTS = 6;

/**
 * The ingest worker's entry point for `order.shipped` and `tracking.updated`: read the shipment,
 * decide with the pure rules, ONE conditional write (retried on a lost race). When the write ends
 * a stall episode (or finds one whose recovery a crash interrupted) the recovery runs after it.
 * Idempotent per event: applying it again finds nothing newer to write.
 */
export async function applyShipmentEvent(event: CanonicalEvent, deps: ShipmentEventDeps, opts: { prefetched?: Prefetched; onRead?: (r: ShipmentRead) => void } = {}): Promise<ShipmentEventResult> {
  const ignored = (): ShipmentEventResult => {
    opts.onRead?.({ logisticsComplaint: 'unknown' });
    return { outcome: 'ignored', logisticsComplaint: 'unknown' };
  };
  if (event.type === 'tracking.updated' && event.data.direction === 'return') return ignored();
  if (event.type !== 'order.shipped' && event.type !== 'tracking.updated') return ignored();
  const trackingNumber = event.data.trackingNumber;
  for (let attempt = 1; ; attempt++) {
    const now = deps.now();
    // The first attempt uses the copy read with the dedup record; a retry after a lost race reads again.
    const ahead = attempt === 1 ? opts.prefetched?.take(shipmentKey(trackingNumber)) : undefined;
    const cur = ahead ? (ahead.item ? shipmentOf(ahead.item) : undefined) : await deps.shipments.get(trackingNumber);
    const decided =
      event.type === 'order.shipped'
        ? mergeOrderShipped(cur, event.data, deps.rules, now)
        : applyTracking(cur, event.data, deps.rules, now);
    if (attempt === 1) {
      const orderId = decided?.orderId ?? cur?.orderId;
      opts.onRead?.({ orderId, shipment: decided ?? cur, logisticsComplaint: cur?.orderId === orderId ? complaintState(cur) : 'unknown' });
    }
    if (!decided) {
      // Stale event. A recovery interrupted by a crash is finished here, on the event's redelivery.
      const recovery = cur && needsRecovery(cur) ? await recover(cur, deps, now) : undefined;
      return { outcome: 'stale', trackingNumber, orderId: cur?.orderId, recovery, logisticsComplaint: complaintState(cur), shipment: cur };
    }
    const next = await withComplaintFlag(cur, decided, deps, opts.prefetched);
    try {
      await deps.shipments.put(next, cur?.v, now, event.type === 'tracking.updated' ? next.lastEventAt : undefined);
    } catch (err) {
      if (err instanceof ShipmentConflict && attempt < MAX_ATTEMPTS) continue;
      throw err;
    }
    return { outcome: cur ? 'updated' : 'created', trackingNumber, orderId: next.orderId, recovery: await recoverAfterWrite(cur, next, deps, now), logisticsComplaint: complaintState(next), shipment: next };
  }
}

/**
 * Keeps `logisticsComplaintId` true on the write the event makes anyway (no extra write):
 * - courier trouble on a parcel of a known order: the complaint engine opens the order's
 *   logistics complaint right after this write, so the flag is set first (a crash in between
 *   leaves a flag without complaint: a routine scan then reads and finds none, as before);
 * - the order becomes known to the record (or the record predates the flag): one consistent read
 *   of the complaint's key (usually prefetched with the message) says whether one already exists.
 */
async function withComplaintFlag(cur: Shipment | undefined, next: Shipment, deps: ShipmentEventDeps, prefetched?: Prefetched): Promise<Shipment> {
  const lookup = deps.logisticsComplaint;
  if (!lookup || !next.orderId) return next;
  const id = lookup.idFor(next.orderId);
  if (TROUBLE.includes(next.status)) return { ...next, logisticsComplaintId: id, complaintFlag: true };
  if (cur?.complaintFlag && cur.orderId === next.orderId) return next;
  const ahead = prefetched?.take(lookup.keyOf(id));
  const exists = ahead ? ahead.item !== undefined : await lookup.exists(id);
  const { logisticsComplaintId: _old, ...rest } = next;
  return { ...rest, ...(exists || next.logisticsComplaintId === id ? { logisticsComplaintId: id } : {}), complaintFlag: true };
}

/**
 * The parcel moved. Its alerted episode ends (`stalledEpisode` set by the scan), or, when the old
 * episode was overdue but the scan had not finished with it (it runs right now, or crashed between
 * opening the alert and marking the parcel), any alert already opened for it ends too: one extra
 * read, only for parcels that were overdue.
 */
async function recoverAfterWrite(cur: Shipment | undefined, next: Shipment, deps: ShipmentEventDeps, now: Date): Promise<Recovery | undefined> {
  if (needsRecovery(next)) return recover(next, deps, now);
  const previous = cur && episodeOf(cur);
  if (cur && previous && previous !== episodeOf(next) && isDue(cur, now)) return resolveStallEpisode(next, previous, deps, now);
  return undefined;
}

const recover = (s: Shipment, deps: ShipmentEventDeps, now: Date) => resolveStallEpisode(s, s.stalledEpisode!, deps, now);
