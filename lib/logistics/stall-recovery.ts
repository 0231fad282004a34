import { episodeOf } from './shipment-rules.ts';
import type { Shipment } from './shipment-types.ts';
import type { StallDeps } from './stall-deps.ts';
import { alertIdFor } from './stall-ids.ts';

export interface Recovery {
  alertId: string;
  complaintId?: string;
  incidentId?: string;
  /** This call resolved the alert (false: it was resolved before, e.g. a rerun after a crash). */
  resolved: boolean;
  /** The batch's incident closed: no open alert remained in it. */
  incidentClosed: boolean;
}

/**
 * Ends a stall episode because the parcel moved again (`s` is the shipment as stored now, with a
 * newer courier event than `episode`). Every step is idempotent and the shipment's own marker
 * (`stalledEpisode`) is cleared last, so a crash anywhere is repaired by the next attempt:
 *
 *   alert open→resolved ─▶ complaint timeline note ─▶ leave incident (close when empty) ─▶ clear marker
 */
export async function resolveStallEpisode(s: Shipment, episode: string, deps: Pick<StallDeps, 'alerts' | 'incidents' | 'complaints' | 'shipments' | 'logger'>, now: Date): Promise<Recovery | undefined> {
  const alertId = alertIdFor(s.trackingNumber, episode);
  const alert = await deps.alerts.get(alertId);
  let out: Recovery | undefined;
  if (alert) {
    const movedAt = episodeOf(s);
    const resolved = alert.state === 'open' ? await deps.alerts.resolve(alertId, now.toISOString(), movedAt) : false;
    if (alert.complaintId) {
      await deps.complaints.noteRecovery({ complaintId: alert.complaintId, alertId, at: movedAt ?? now.toISOString(), location: s.lastLocation, description: s.lastDescription });
    }
    const incidentClosed = alert.batchId ? await deps.incidents.leave(alert.batchId, alertId) : false;
    out = { alertId, complaintId: alert.complaintId, incidentId: alert.incidentId, resolved, incidentClosed };
    deps.logger.info('stall recovered', { alertId, trackingNumber: s.trackingNumber, incidentId: alert.incidentId, incidentClosed });
  }
  if (s.stalledEpisode === episode) await deps.shipments.clearStalled(s.trackingNumber, episode);
  return out;
}
