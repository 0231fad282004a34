import type { SectionConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import type { Complaint } from './domain/complaint-types.ts';
import { toPublicComplaint, type PublicComplaint } from './domain/public-complaint.ts';
import type { SlaClock } from './domain/sla.ts';
import type { ComplaintDeskRecords } from './complaint-records.ts';
import { claimsCounter } from './complaint-read-ahead.ts';
import type { QualityAlert, QualityStore, QualityTarget, QualityWindow } from './quality-store.ts';

/**
 * What both the desk (operator writes: complaint-desk-service.ts) and the engine (events, stall
 * reports, the SLA sweep: complaint-service.ts) do around a committed write: repeat-claim counting,
 * team signals, the quality signal. Module-level functions, so a bundle keeps only what it calls.
 */

/** The events the team robots need, as a port: the engine says what happened, never how it is sent. */
export interface ComplaintSignals {
  /** An urgent complaint was opened: the team must call the customer by `callBy`. */
  onUrgentOpened(s: { complaint: PublicComplaint; callBy: string }): Promise<void> | void;
  onBreach(s: { complaintId: string; orderId: string; tier: string; clock: SlaClock; dueAt?: string }): Promise<void> | void;
  onQualityAlert(a: QualityAlert): Promise<void> | void;
}
const noSignals: ComplaintSignals = { onUrgentOpened: () => {}, onBreach: () => {}, onQualityAlert: () => {} };

/** What the desk needs to read and write complaints (the engine adds order facts from shipments). */
export interface ComplaintDeskDeps {
  store: ComplaintDeskRecords;
  config: SectionConfig<'complaints'>;
  now: () => Date;
  logger: Logger;
  /** Quality signal store (default: the complaint store's table). */
  quality?: QualityStore;
  signals?: Partial<ComplaintSignals>;
}

/** The deps with their defaults filled in, as the write effects use them. */
export interface WriteEffects {
  store: ComplaintDeskRecords;
  config: SectionConfig<'complaints'>;
  now: () => Date;
  logger: Logger;
  quality: QualityStore;
  signals: ComplaintSignals;
}

export const writeEffects = (d: ComplaintDeskDeps): WriteEffects => ({
  store: d.store,
  config: d.config,
  now: d.now,
  logger: d.logger,
  quality: d.quality ?? d.store.qualityStore(),
  signals: { ...noSignals, ...d.signals },
});

/** Attempts of a write that keeps losing races before ComplaintChangedError. */
export const MAX_RETRIES = 8;
/** Timeline entries returned with one complaint. */
export const FIRST_PAGE = 100;

/** What follows a committed write, side by side: repeat-claim counting, team signals, the quality signal. */
export async function afterWrite(w: WriteEffects, prev: Complaint | undefined, c: Complaint, windows?: Map<string, QualityWindow | undefined>) {
  await Promise.all([
    !prev && c.customerKey ? w.store.increment(claimsCounter(c.customerKey)) : undefined,
    c.tier === 'urgent' && prev?.tier !== 'urgent' ? signal(w, () => w.signals.onUrgentOpened({ complaint: toPublicComplaint(c, { timeline: false }), callBy: c.sla.firstResponseDueAt })) : undefined,
    recordQuality(w, prev, c, windows),
  ]);
}

/** The product batches (else SKUs) this write counts for the quality signal; none when nothing new is counted. */
function qualityTargets(w: WriteEffects, prev: Complaint | undefined, c: Complaint): QualityTarget[] {
  const cats = w.config.QUALITY_ALERT_CATEGORIES;
  if (!cats.includes(c.category) || !c.items?.length) return [];
  // Nothing new to count: same category and items as already counted.
  if (prev && cats.includes(prev.category) && JSON.stringify(prev.items) === JSON.stringify(c.items)) return [];
  // One alert per product batch when the items name one, else per SKU (a batch is the finer signal).
  const targets = new Map<string, QualityTarget>();
  for (const i of c.items.slice(0, 20)) {
    const t: QualityTarget = i.batchId ? { kind: 'batch', key: i.batchId, sku: i.sku, batchId: i.batchId } : { kind: 'sku', key: i.sku, sku: i.sku };
    targets.set(`${t.kind}:${t.key}`, t);
  }
  return [...targets.values()];
}

/** The quality windows a write will count in, read side by side with the write. */
export async function readQualityWindows(w: WriteEffects, prev: Complaint | undefined, c: Complaint): Promise<Map<string, QualityWindow | undefined> | undefined> {
  const targets = qualityTargets(w, prev, c);
  return targets.length ? w.quality.readWindows(targets) : undefined;
}

async function recordQuality(w: WriteEffects, prev: Complaint | undefined, c: Complaint, windows?: Map<string, QualityWindow | undefined>) {
  const rules = { threshold: w.config.QUALITY_ALERT_THRESHOLD, windowDays: w.config.QUALITY_ALERT_WINDOW_DAYS };
  for (const t of qualityTargets(w, prev, c)) {
    const { opened } = await w.quality.record(t, { id: c.id, at: c.createdAt, category: c.category }, rules, w.now(), windows);
    if (opened) await signal(w, () => w.signals.onQualityAlert(opened));
  }
}

/** A failing robot hook must never fail the event: it is logged and the write stands. */
export async function signal(w: Pick<WriteEffects, 'logger'>, fn: () => Promise<void> | void) {
  try {
    await fn();
  } catch (err) {
    w.logger.warn('complaint signal failed', { error: err instanceof Error ? err.message : String(err) });
  }
}
