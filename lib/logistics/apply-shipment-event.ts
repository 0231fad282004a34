import type { CanonicalEvent } from '../canonical/canonical.ts';
import type { StallDeps } from './stall-deps.ts';
import { resolveStallEpisode, type Recovery } from './stall-recovery.ts';
import { applyTracking, episodeOf, isDue, mergeOrderShipped, needsRecovery } from './shipment-rules.ts';
import { ShipmentConflict } from './shipment-store.ts';
import type { Shipment } from './shipment-types.ts';

export type ShipmentEventDeps = Pick<StallDeps, 'shipments' | 'alerts' | 'incidents' | 'complaints' | 'rules' | 'logger' | 'now'>;

export interface ShipmentEventResult {
  /** `stale`: an older courier event than the stored one, nothing changed. `ignored`: not a shipment event. */
  outcome: 'created' | 'updated' | 'stale' | 'ignored';
  trackingNumber?: string;
  orderId?: string;
  /** Present when this event ended a stall: the alert resolved, the complaint was told. */
  recovery?: Recovery;
}

const MAX_ATTEMPTS = 6;

/**
 * The ingest worker's entry point for `order.shipped` and `tracking.updated`: read the shipment,
 * decide with the pure rules, ONE conditional write (retried on a lost race). When the write ends
 * a stall episode (or finds one whose recovery a crash interrupted) the recovery runs after it.
 * Idempotent per event: applying it again finds nothing newer to write.
 */
export async function applyShipmentEvent(event: CanonicalEvent, deps: ShipmentEventDeps): Promise<ShipmentEventResult> {
  if (event.type === 'tracking.updated' && event.data.direction === 'return') return { outcome: 'ignored' };
  if (event.type !== 'order.shipped' && event.type !== 'tracking.updated') return { outcome: 'ignored' };
  const trackingNumber = event.data.trackingNumber;
  for (let attempt = 1; ; attempt++) {
    const now = deps.now();
    const cur = await deps.shipments.get(trackingNumber);
    const next =
      event.type === 'order.shipped'
        ? mergeOrderShipped(cur, event.data, deps.rules, now)
        : applyTracking(cur, event.data, deps.rules, now);
    if (!next) {
      // Stale event. A recovery interrupted by a crash is finished here, on the event's redelivery.
      const recovery = cur && needsRecovery(cur) ? await recover(cur, deps, now) : undefined;
      return { outcome: 'stale', trackingNumber, orderId: cur?.orderId, recovery };
    }
    try {
      await deps.shipments.put(next, cur?.v, now, event.type === 'tracking.updated' ? next.lastEventAt : undefined);
    } catch (err) {
      if (err instanceof ShipmentConflict && attempt < MAX_ATTEMPTS) continue;
      throw err;
    }
    return { outcome: cur ? 'updated' : 'created', trackingNumber, orderId: next.orderId, recovery: await recoverAfterWrite(cur, next, deps, now) };
  }
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
