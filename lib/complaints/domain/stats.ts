import { CATEGORIES } from '../../canonical/canonical.ts';
import { fnv1a } from '../../platform/fnv1a.ts';
import type { Complaint } from './complaint-types.ts';
import { STATUSES, TIERS } from './vocabulary.ts';

const median = (xs: number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const minutes = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 60_000;

const shares = (counts: Record<string, number>, total: number) => Object.fromEntries(Object.entries(counts).map(([k, n]) => [k, total ? Math.round((n / total) * 1000) / 1000 : 0]));

/** GET /stats from a list of complaints (the reference the counters are tested against). */
export function computeStats(complaints: Complaint[]) {
  const count = <K extends string>(keys: readonly K[], pick: (c: Complaint) => K) =>
    Object.fromEntries(keys.map((k) => [k, complaints.filter((c) => pick(c) === k).length])) as Record<K, number>;
  const resolved = complaints.filter((c) => c.resolvedAt);
  const byDay = new Map<string, number[]>();
  for (const c of resolved) {
    const day = c.resolvedAt!.slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), minutes(c.createdAt, c.resolvedAt!)]);
  }
  const bySku: Record<string, number> = {};
  const byBatch: Record<string, number> = {};
  for (const c of complaints) {
    for (const sku of new Set((c.items ?? []).map((i) => i.sku))) bySku[sku] = (bySku[sku] ?? 0) + 1;
    for (const b of new Set((c.items ?? []).flatMap((i) => (i.batchId ? [i.batchId] : [])))) byBatch[b] = (byBatch[b] ?? 0) + 1;
  }
  const byCategory = count(CATEGORIES, (c) => c.category);
  return {
    total: complaints.length,
    byCategory,
    categoryShares: shares(byCategory, complaints.length),
    byTier: count(TIERS, (c) => c.tier),
    byStatus: count(STATUSES, (c) => c.status),
    slaBreaches: complaints.filter((c) => c.sla.breached).length,
    medianMinutesToFirstResponse: median(complaints.filter((c) => c.firstResponseAt).map((c) => minutes(c.createdAt, c.firstResponseAt!))),
    medianMinutesToResolution: median(resolved.map((c) => minutes(c.createdAt, c.resolvedAt!))),
    resolutionByDay: [...byDay.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, xs]) => ({ day, medianMinutes: median(xs), resolved: xs.length })),
    bySku,
    byBatch,
  };
}

/** GET /stats; `bySku` and `byBatch` only with the breakdown that asks for them. */
export type Stats = Omit<ReturnType<typeof computeStats>, 'bySku' | 'byBatch'> & Partial<Pick<ReturnType<typeof computeStats>, 'bySku' | 'byBatch'>>;

// ---------------------------------------------------------------------------------------------
// Counters maintained on write. Each complaint contributes a fixed set of (counter item,
// attribute) → 1; a write adds contribution(next) − contribution(prev) to its shard's items in the
// same transaction as the record, so the sums are exact and never counted twice. Durations go
// into a bounded histogram (integer minutes up to 2 h, then ~4 % log buckets), so medians need
// no list of values.
//
// An update is billed by the size of the whole item it changes, and an item holds at most 400 KB:
// so what every status change touches (TOTAL) holds only the few fixed counts, the histograms have
// items of their own (40 buckets each), and each SKU and each shipment batch has its own counter item per shard,
// touched only when a complaint's items change. (Buckets of many SKUs or batches each, as an
// earlier release kept them, grow with the catalogue and with every day's new batches, and every
// complaint's write was billed by the bucket's whole size.)
// ---------------------------------------------------------------------------------------------

export const TOTAL_SK = 'TOTAL';
export const daySk = (day: string) => `DAY#${day}`;
const FIRST_RESPONSE_SK = 'FR';
const RESOLUTION_SK = 'RES';
// A sort key holds at most 1 KB; SKUs and batch ids are far shorter, a longer one shares an item by hash.
const keyPart = (key: string) => (key.length <= 200 ? key : `~${fnv1a(key).toString(16).padStart(8, '0')}`);
const SKU_PREFIX = 'SKU#';
const BATCH_PREFIX = 'SKUB#';
const skuSk = (sku: string) => `${SKU_PREFIX}${keyPart(sku)}`;
const batchSk = (batchId: string) => `${BATCH_PREFIX}${keyPart(batchId)}`;

/** Per-SKU and per-batch counts: read only when asked for (`GET /stats?breakdown=sku,batch`), since they grow with the catalogue. */
export const BREAKDOWNS = ['sku', 'batch'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

/**
 * The sort-key ranges (inclusive) of one shard's counter items that GET /stats reads: the days
 * from `fromDay` and the histograms (`DAY#…` < `FR…` < `RES…`), the TOTAL slots, and each asked-for
 * breakdown. Without a breakdown the number of items is fixed by the window and the histogram
 * groups, whatever the number of complaints, SKUs or batches. (`~` sorts after every key character used here.)
 */
export function counterRanges(fromDay: string, breakdown: readonly Breakdown[] = []): [from: string, to: string][] {
  const ranges: [string, string][] = [
    [daySk(fromDay), `${RESOLUTION_SK}~`],
    [TOTAL_SK, `${TOTAL_SK}~`],
  ];
  if (breakdown.includes('sku')) ranges.push([SKU_PREFIX, `${SKU_PREFIX}~`]);
  if (breakdown.includes('batch')) ranges.push([BATCH_PREFIX, `${BATCH_PREFIX}~`]);
  return ranges;
}

/**
 * Histogram buckets a counter item holds at most. Resolution times run from minutes to weeks:
 * 120 minute buckets plus ~150 log buckets to 30 days, ~11 bytes each, so one item per histogram
 * would reach ~3 KB and bill every resolution 3 write units (6 in its transaction). Buckets go in
 * groups of 40 instead (`RES#m1`, `DAY#<day>#l3`, …): a change touches one item of under 1 KB.
 */
const BUCKETS_PER_ITEM = 40;
const groupSk = (sk: string, bucket: string) => `${sk}#${bucket[0]}${Math.floor(Number(bucket.slice(1)) / BUCKETS_PER_ITEM)}`;

const LOG_BASE = Math.log(1.04);
/** Bucket label of a duration in minutes. */
export function bucketOf(m: number): string {
  const x = Math.max(0, m);
  if (x < 120) return `m${Math.round(x)}`;
  return `l${Math.floor(Math.log(x) / LOG_BASE)}`;
}
/** The value a bucket stands for (its geometric middle for log buckets). */
export function bucketValue(b: string): number {
  const n = Number(b.slice(1));
  if (b[0] === 'm') return n;
  return Math.round(Math.exp((n + 0.5) * LOG_BASE) * 10) / 10;
}

/** Median of a histogram {bucket: count}; null when empty. */
export function histogramMedian(h: Record<string, number>): number | null {
  const xs = Object.entries(h).filter(([, n]) => n > 0).map(([b, n]) => [bucketValue(b), n] as const).sort((a, b) => a[0] - b[0]);
  const total = xs.reduce((a, [, n]) => a + n, 0);
  if (total === 0) return null;
  const at = (rank: number) => {
    let seen = 0;
    for (const [v, n] of xs) if ((seen += n) > rank) return v;
    return xs.at(-1)![0];
  };
  return total % 2 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}

/** What one complaint adds to the counters: item sort key → attribute → amount. */
export function contributions(c: Complaint | undefined): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  if (!c) return out;
  const add = (sk: string, attr: string) => {
    const m = out.get(sk) ?? new Map<string, number>();
    m.set(attr, (m.get(attr) ?? 0) + 1);
    out.set(sk, m);
  };
  add(TOTAL_SK, 'n');
  add(TOTAL_SK, `cat:${c.category}`);
  add(TOTAL_SK, `tier:${c.tier}`);
  add(TOTAL_SK, `status:${c.status}`);
  if (c.sla.breached) add(TOTAL_SK, 'breached');
  if (c.firstResponseAt) {
    const b = bucketOf(minutes(c.createdAt, c.firstResponseAt));
    add(groupSk(FIRST_RESPONSE_SK, b), `fr:${b}`);
  }
  if (c.resolvedAt) {
    const b = bucketOf(minutes(c.createdAt, c.resolvedAt));
    const day = groupSk(daySk(c.resolvedAt.slice(0, 10)), b);
    add(groupSk(RESOLUTION_SK, b), `res:${b}`);
    add(day, 'n');
    add(day, `res:${b}`);
  }
  for (const sku of new Set((c.items ?? []).map((i) => i.sku))) add(skuSk(sku), `sku:${sku}`);
  for (const b of new Set((c.items ?? []).flatMap((i) => (i.batchId ? [i.batchId] : [])))) add(batchSk(b), `batch:${b}`);
  return out;
}

/** contribution(next) − contribution(prev), zeros dropped. */
export function counterDelta(prev: Complaint | undefined, next: Complaint | undefined): Map<string, Map<string, number>> {
  const a = contributions(prev);
  const b = contributions(next);
  const out = new Map<string, Map<string, number>>();
  for (const sk of new Set([...a.keys(), ...b.keys()])) {
    const m = new Map<string, number>();
    for (const attr of new Set([...(a.get(sk)?.keys() ?? []), ...(b.get(sk)?.keys() ?? [])])) {
      const d = (b.get(sk)?.get(attr) ?? 0) - (a.get(sk)?.get(attr) ?? 0);
      if (d !== 0) m.set(attr, d);
    }
    if (m.size) out.set(sk, m);
  }
  return out;
}

/**
 * The GET /stats shape from summed counter items: DAY#<day>[#<group>] per day, every other item
 * into the totals (their attribute names are distinct, and items written by earlier layouts — all
 * in TOTAL, or one FR / RES / DAY item per histogram — still add up with the new ones).
 */
export function statsFromCounters(items: { sk: string; attrs: Record<string, number> }[], breakdown: readonly Breakdown[] = []): Stats {
  const total: Record<string, number> = {};
  const days = new Map<string, Record<string, number>>();
  for (const { sk, attrs } of items) {
    // DAY#<day>, or one of its bucket groups DAY#<day>#<group>.
    const day = sk.startsWith('DAY#') ? sk.slice(4, 14) : undefined;
    const target = day === undefined ? total : (days.get(day) ?? days.set(day, {}).get(day)!);
    for (const [k, v] of Object.entries(attrs)) target[k] = (target[k] ?? 0) + v;
  }
  const prefixed = (src: Record<string, number>, p: string) => Object.fromEntries(Object.entries(src).filter(([k, v]) => k.startsWith(p) && v !== 0).map(([k, v]) => [k.slice(p.length), v]));
  const fixed = <K extends string>(keys: readonly K[], p: string) => Object.fromEntries(keys.map((k) => [k, total[`${p}${k}`] ?? 0])) as Record<K, number>;
  const n = total.n ?? 0;
  const byCategory = fixed(CATEGORIES, 'cat:');
  return {
    total: n,
    byCategory,
    categoryShares: shares(byCategory, n),
    byTier: fixed(TIERS, 'tier:'),
    byStatus: fixed(STATUSES, 'status:'),
    slaBreaches: total.breached ?? 0,
    medianMinutesToFirstResponse: histogramMedian(prefixed(total, 'fr:')),
    medianMinutesToResolution: histogramMedian(prefixed(total, 'res:')),
    resolutionByDay: [...days.entries()]
      .filter(([, d]) => (d.n ?? 0) > 0)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([day, d]) => ({ day, medianMinutes: histogramMedian(prefixed(d, 'res:')), resolved: d.n ?? 0 })),
    // The oldest layout kept these in TOTAL: asked for or not, only a breakdown shows them.
    ...(breakdown.includes('sku') ? { bySku: prefixed(total, 'sku:') } : {}),
    ...(breakdown.includes('batch') ? { byBatch: prefixed(total, 'batch:') } : {}),
  };
}
