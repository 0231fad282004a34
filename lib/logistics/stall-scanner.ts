import { episodeOf, firstOpenHour, firstScanHour, hourOf, hoursBetween, isDue, needsRecovery, needsRefiling, nextHour } from './shipment-rules.ts';
import type { Shipment } from './shipment-types.ts';
import { stallBucketPartitions } from '../platform/table/keys.ts';
import { alertFor, stallReportFor } from './alert-rules.ts';
import type { StallAlert } from './alert-types.ts';
import { fanOutIncident } from './batch-fanout.ts';
import { forEachLimited } from '../platform/for-each-limited.ts';
import type { StallDeps } from './stall-deps.ts';
import { resolveStallEpisode } from './stall-recovery.ts';

export interface StallScanResult {
  startedAt: string;
  durationMs: number;
  /** Hour buckets queried (`fromHour`..`toHour`). */
  fromHour: string;
  toHour: string;
  bucketsQueried: number;
  /** Partitions (write shards) those buckets were read from: bucketsQueried × (STALL_SHARDS + legacy). */
  partitionsQueried: number;
  /** Items the stall-index Queries read (ScannedCount): grows with due parcels, not active ones. */
  stallIndexItemsRead: number;
  dueShipments: number;
  alertsOpened: number;
  incidentsOpened: number;
  complaintsReported: number;
  /** Items the batch Queries of the fan-out read. */
  batchItemsRead: number;
  notificationsCreated: number;
  notificationsSkipped: number;
  notificationsEnqueued: number;
  /** Stalls found ended (the parcel moved) while scanning. */
  recovered: number;
  /** Parcels whose entry came due before they did (courier scans kept it, see `stallEntryFor`), filed where they are due. */
  refiled: number;
  /** Due parcels left for the next scan because a step failed; they stay in the stall index. */
  failures: number;
  errors: string[];
  /** Where the next scan starts. */
  cursor: string;
}

interface Stalled {
  shipment: Shipment;
  alert: StallAlert;
  episode: string;
}

/**
 * The stall scan (contract §4). Reads ONLY the due parcels: one Query per write shard of each hour
 * bucket of the stall index (gsi3), from the stored cursor to the current hour, with the sort key
 * bounded by now.
 * Never a Scan.
 *
 * Per due parcel, every step is a conditional write or an idempotent call, and the parcel leaves the
 * stall index only at the very end, so a scan that runs twice, overlaps itself or dies half-way is
 * simply repeated by the next one:
 *
 *   re-read parcel ─▶ alert (put if absent) ─▶ join batch incident ─▶ reportStall + attach ids
 *     ─▶ fan-out (once per incident) ─▶ leave stall index, remember episode (if no newer event came)
 *
 * The cursor moves past a bucket only when every parcel in it succeeded and no write can land in
 * it any more (see BUCKET_GRACE_MS).
 */
export async function runStallScan(deps: StallDeps, now: Date = deps.now()): Promise<StallScanResult> {
  const started = performance.now();
  const toHour = hourOf(now);
  const stored = await deps.cursor.get();
  // A cursor ahead of this clock (a scanner whose clock ran fast, a clock stepped back) must not
  // blind the scan: it starts at the buckets still open now, where every new write lands.
  const fromHour = !stored ? firstScanHour(now) : stored <= toHour ? stored : firstOpenHour(now);
  const r: StallScanResult = {
    startedAt: now.toISOString(), durationMs: 0, fromHour, toHour, bucketsQueried: 0, partitionsQueried: 0, stallIndexItemsRead: 0, dueShipments: 0,
    alertsOpened: 0, incidentsOpened: 0, complaintsReported: 0, batchItemsRead: 0, notificationsCreated: 0, notificationsSkipped: 0,
    notificationsEnqueued: 0, recovered: 0, refiled: 0, failures: 0, errors: [], cursor: fromHour,
  };
  const closedBefore = firstOpenHour(now);
  let advanceTo: string | undefined;
  let contiguous = true;
  for (const hour of hoursBetween(fromHour, toHour)) {
    const ok = await scanBucket(hour, deps, now, r);
    if (contiguous && ok && hour < closedBefore) advanceTo = nextHour(hour);
    else contiguous = false;
  }
  if (advanceTo) {
    await deps.cursor.advance(advanceTo, now);
    r.cursor = advanceTo;
  }
  r.durationMs = Math.round(performance.now() - started);
  deps.logger[r.failures ? 'warn' : 'info']('stall scan', { ...r, errors: r.errors.slice(0, 3) });
  return r;
}

/**
 * One hour bucket = its write shards (and the pre-sharding key). Each round reads the next page of
 * every shard not yet exhausted side by side (wall time stays one bucket's, not seventeen) and
 * settles them together, so a batch whose parcels hash to several shards still opens one incident
 * and fans out once, as it did from one partition. The bucket counts as done only when every
 * shard's every page was read and settled: the cursor can never pass a shard that failed.
 */
async function scanBucket(hour: string, deps: StallDeps, now: Date, r: StallScanResult): Promise<boolean> {
  r.bucketsQueried++;
  let ok = true;
  // undefined: not read yet; a key: read up to there; null: exhausted.
  let positions = new Map<string, Record<string, unknown> | undefined>(stallBucketPartitions(hour).map((p) => [p, undefined]));
  while (positions.size) {
    const pages = await Promise.all(
      [...positions].map(async ([partition, startKey]) => {
        try {
          const page = await deps.shipments.dueInBucket(partition, now, startKey);
          if (!startKey) r.partitionsQueried++;
          return { partition, page };
        } catch (err) {
          // A failed read is a failed shard: the bucket stays open and the next scan reads it again.
          ok = false;
          r.failures++;
          if (r.errors.length < 10) r.errors.push(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
          return { partition, page: undefined };
        }
      }),
    );
    const due = pages.flatMap((p) => p.page?.items ?? []);
    for (const p of pages) r.stallIndexItemsRead += p.page?.scanned ?? 0;
    r.dueShipments += due.length;
    if (due.length) ok = (await settlePage(due, deps, now, r)) && ok;
    positions = new Map(pages.filter((p) => p.page?.next).map((p) => [p.partition, p.page!.next]));
  }
  return ok;
}

async function settlePage(due: { trackingNumber: string }[], deps: StallDeps, now: Date, r: StallScanResult): Promise<boolean> {
  const stalled: Stalled[] = [];
  let failed = 0;
  const fail = (err: unknown, n: number) => {
    failed += n;
    if (r.errors.length < 10) r.errors.push(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
  };
  await forEachLimited(due, deps.concurrency, async (indexed) => {
    try {
      const s = await openStall(indexed.trackingNumber, deps, now, r);
      if (s) stalled.push(s);
    } catch (err) {
      fail(err, 1);
    }
  });
  const byBatch = new Map<string, Stalled[]>();
  for (const s of stalled) byBatch.set(s.alert.batchId!, [...(byBatch.get(s.alert.batchId!) ?? []), s]);
  await forEachLimited([...byBatch], deps.concurrency, async ([batchId, entries]) => {
    try {
      await settleBatch(batchId, entries, deps, now, r);
    } catch (err) {
      fail(err, entries.length);
    }
  });
  r.failures += failed;
  return failed === 0;
}

/**
 * Re-reads the parcel (the index may lag the table) and opens the alert of its episode; a parcel
 * that moved since its entry was filed is filed where it is due instead.
 */
async function openStall(trackingNumber: string, deps: StallDeps, now: Date, r: StallScanResult): Promise<Stalled | undefined> {
  let s = await deps.shipments.get(trackingNumber);
  if (!s) return undefined;
  if (needsRecovery(s)) {
    // An earlier episode's recovery was interrupted: finish it before a new episode starts.
    if (await resolveStallEpisode(s, s.stalledEpisode!, deps, now)) r.recovered++;
    s = { ...s, stalledEpisode: undefined };
  }
  if (!isDue(s, now)) {
    await refileWhereDue(s, deps, now, r);
    return undefined;
  }
  const episode = episodeOf(s)!;
  const { alert, created } = await deps.alerts.openIfAbsent(alertFor(s, episode, now));
  if (created) r.alertsOpened++;
  return alert.state === 'open' ? { shipment: s, alert, episode } : undefined;
}

/**
 * Per batch, what a parcel's steps may have in flight at once. Batches already run side by side
 * (deps.concurrency); this bounds the product so a scan of many large batches stays a few dozen
 * requests wide.
 */
const PER_BATCH = 4;

/** One batch's stalled parcels of this page: one incident, one fan-out, then each parcel leaves the index. */
async function settleBatch(batchId: string, entries: Stalled[], deps: StallDeps, now: Date, r: StallScanResult): Promise<void> {
  let incident: { incidentId: string; fannedOut: boolean } | undefined;
  const reported: StallAlert[] = [];
  // Joining is one atomic update of the batch's open-incident item: whichever parcel comes first
  // opens the incident, the others (side by side) join it and learn its id.
  await forEachLimited(entries, PER_BATCH, async (e) => {
    const m = await deps.incidents.join(batchId, e.alert.id, now);
    if (m.opened) r.incidentsOpened++;
    const incidentId = e.alert.incidentId ?? m.incidentId;
    if (!e.alert.complaintId) {
      const complaintId = await deps.complaints.reportStall(stallReportFor(e.alert, e.shipment, incidentId));
      r.complaintsReported++;
      await deps.alerts.attach(e.alert.id, { incidentId, complaintId });
      reported.push({ ...e.alert, incidentId, complaintId });
    } else if (!e.alert.incidentId) {
      await deps.alerts.attach(e.alert.id, { incidentId });
    }
    incident = { incidentId: m.incidentId, fannedOut: (incident?.fannedOut ?? false) || m.fannedOut };
  });
  let warned = entries.length;
  if (incident && !incident.fannedOut) {
    warned = await fanOutIncident({ incidentId: incident.incidentId, batchId }, deps, now, r);
    await deps.incidents.markFannedOut(batchId, incident.incidentId);
  }
  // The team hears of each stall once (a rerun finds the complaint reported and stays silent); a
  // lost signal never holds the scan back: the alert is on the board either way.
  await forEachLimited(reported, PER_BATCH, (a) =>
    (deps.onStallOpened?.(a, warned) ?? Promise.resolve()).catch((err: unknown) => deps.logger.warn('stall team alert not queued', { alertId: a.id, error: err instanceof Error ? err.name : 'error' })),
  );
  await forEachLimited(entries, PER_BATCH, async (e) => {
    const t = e.shipment.trackingNumber;
    if (await deps.shipments.markStalled(t, e.episode, e.shipment.lastEventAt !== undefined)) return;
    // A newer courier event arrived while we worked: the episode is already over.
    const fresh = await deps.shipments.get(t);
    if (fresh && episodeOf(fresh) !== e.episode && (await resolveStallEpisode(fresh, e.episode, deps, now))) r.recovered++;
    // That event kept the entry in this bucket, which the cursor is about to pass.
    await refileWhereDue(fresh, deps, now, r);
  });
}

/**
 * A parcel not due whose entry came due (the scanner read it from there): filed where it is due.
 * A courier write that raced the move makes it fail its version check; the parcel is read again.
 * Throws after a few lost races: the bucket stays open and the next scan reads the parcel again.
 */
async function refileWhereDue(s: Shipment | undefined, deps: StallDeps, now: Date, r: StallScanResult): Promise<void> {
  for (let attempt = 1; s && !isDue(s, now) && needsRefiling(s, now); attempt++) {
    if (await deps.shipments.refile(s, now)) {
      r.refiled++;
      return;
    }
    if (attempt === 3) throw new Error('shipment changed concurrently while being refiled');
    s = await deps.shipments.get(s.trackingNumber);
  }
}
