/**
 * `npm run bench -- --scale`: partition heat at a Singles' Day burst, by model.
 *
 * Input: what section 1 measured on the embedded stack: for every webhook type, every item the real
 * code wrote, with its before/after image, and each GSI's projection (DescribeTable of the table
 * the real bootstrap created). Nothing about the data model is restated here; the model only
 * re-identifies what the code wrote for a population of 10 M active shipments:
 *  - shipments (SHIP#): rebuilt from the population with the project's real rules and key
 *    functions: `applyTracking` / `mergeOrderShipped` for the new state, `shipmentItem` (the store's
 *    own item builder: `shipmentIndexKeys` + `stallSlotFor`) for the keys before and after — so the
 *    stall bucket a courier event leaves and the one it enters, and the batch key, are the code's;
 *  - complaints (CMP#): keys recomputed with `complaintKey` + `complaintIndexKeys` on the record the
 *    real service wrote (the `{ ...key, ...indexKeys, entity, ...record }` layout is mirrored from
 *    ComplaintStore.save, which builds it inline);
 *  - every other item, and every key the above leave to the template: a key value that appears in
 *    only one measured instance is per-entity (made unique per modelled webhook); one shared by
 *    several instances (QUARANTINE, CMP#ALL, a status, a counter name) is the same key for all.
 * Units follow DynamoDB's accounting: table write = ceil(max(old, new) / 1 KB); per GSI, a key
 * change is a delete under the old key plus a put under the new, an in-place change one put, an
 * unchanged projection nothing; projected size from the index's projection (ALL: the item). The
 * model's units per webhook are printed next to DynamoDB Local's report for the same writes.
 */
import { derivedBatchId, applyTracking, mergeOrderShipped } from '../../lib/logistics/shipment-rules.ts';
import { shipmentItem, shipmentOf } from '../../lib/logistics/shipment-store.ts';
import type { Shipment } from '../../lib/logistics/shipment-types.ts';
import { COMPLAINT_SHARDS, complaintIndexKeys, complaintKey, IGNORED_SHARDS, QUARANTINE_SHARDS, shardLabel, withoutKeys } from '../../lib/platform/table/keys.ts';
import type { Complaint } from '../../lib/complaints/domain/complaint-types.ts';
import type { CanonicalEvent } from '../../lib/canonical/canonical.ts';
import { loadConfig } from '../../lib/platform/config.ts';
import { imageSize, type WriteRecord } from './capacity.ts';
import type { WebhookUnits } from './webhook-units.ts';
import type { Mix, WebhookType } from './webhooks.ts';

type Img = Record<string, unknown>;
type Projections = WebhookUnits['projections'];

export const LIMITS = { partitionWcu: 1000, targetWcu: 500, tableQuotaWcu: 40_000 } as const;

export interface ScaleOptions {
  activeShipments: number;
  burstPerSecond: number;
  /** Seconds of burst simulated; heat is the per-second mean over it. */
  seconds: number;
  /** Share of the burst quarantined, reported on its own line (not part of the mix). */
  quarantineShare: number;
  now: Date;
}

/** Population facts (stated): carriers and origins by Zipf share, ship dates over the last 4 days, 15% perishable (24 h threshold). */
const CARRIERS = ['zto', 'yto', 'yunda', 'sto', 'sf-express', 'jd', 'ems', 'best', 'deppon', 'jtexpress'];
const ORIGINS = 60;
const SHIP_DAYS = 4;
const PERISHABLE = 0.15;

function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function zipfPicker(n: number, rnd: () => number) {
  const w = Array.from({ length: n }, (_, i) => 1 / (i + 1));
  const total = w.reduce((a, b) => a + b, 0);
  const cdf = w.map(((s) => (x: number) => (s += x / total))(0));
  return () => {
    const r = rnd();
    const i = cdf.findIndex((c) => r <= c);
    return i < 0 ? n - 1 : i;
  };
}

function projected(img: Img | undefined, ix: string, p: { type: string; attributes?: string[] }): Img | undefined {
  if (!img || img[`${ix}pk`] === undefined) return undefined;
  if (p.type === 'ALL') return img;
  const keys = ['pk', 'sk', `${ix}pk`, `${ix}sk`, ...(p.type === 'INCLUDE' ? (p.attributes ?? []) : [])];
  return Object.fromEntries(keys.filter((k) => img[k] !== undefined).map((k) => [k, img[k]]));
}
// An ALL projection is the item itself: the same object comes back for the table and every GSI, so
// its size and serialisation are worked out once.
const sizes = new WeakMap<Img, number>();
const units = (img: Img) => sizes.get(img) ?? (sizes.set(img, Math.max(1, Math.ceil(imageSize(img) / 1024))), sizes.get(img)!);
const texts = new WeakMap<Img, string>();
const text = (img: Img) => texts.get(img) ?? (texts.set(img, JSON.stringify(img)), texts.get(img)!);

export interface Effect {
  index: string;
  key: string;
  units: number;
  perEntity?: boolean;
}

/** DynamoDB's write accounting for one item going from `pre` to `post`, per table and GSI partition key. */
/** A write made inside TransactWriteItems (the capacity log names it TransactPut/Update/Delete). */
const inTransaction = (w: { command: string }) => w.command.startsWith('Transact');

export function writeEffects(pre: Img | undefined, post: Img | undefined, projections: Projections, transactional = false): Effect[] {
  const out: Effect[] = [];
  const base = post ?? pre!;
  // An item written in a transaction costs its partition twice the units (DynamoDB's rule for TransactWriteItems).
  out.push({ index: 'table', key: String(base.pk), units: (transactional ? 2 : 1) * Math.max(pre ? units(pre) : 0, post ? units(post) : 0, 1) });
  for (const [ix, p] of Object.entries(projections)) {
    const a = projected(pre, ix, p);
    const b = projected(post, ix, p);
    if (!a && !b) continue;
    const ka = a?.[`${ix}pk`];
    const kb = b?.[`${ix}pk`];
    if (a && b && ka === kb && a[`${ix}sk`] === b[`${ix}sk`]) {
      if (a !== b && text(a) !== text(b)) out.push({ index: ix, key: String(kb), units: units(b) });
      continue;
    }
    if (a) out.push({ index: ix, key: String(ka), units: units(a) });
    if (b) out.push({ index: ix, key: String(kb), units: units(b) });
  }
  return out;
}

/**
 * A write the capacity log holds no image of (a transaction's update of an item not seen before:
 * the stats counters, the ignored-topic count): its key stands in, billed at the 1 KB minimum like
 * the recorder bills it. Left out, those items' partitions took no heat at all.
 */
const imagesOf = (w: WriteRecord): [Img | undefined, Img | undefined] => (w.pre || w.post ? [w.pre, w.post] : [undefined, { ...w.key }]);

/**
 * Write-sharded partition keys (`CMP#S04#STATUS#…`, `CMPDUE#S04`, `CMPSTATS#S04`, `QUARANTINE#S03`,
 * `IGNORED#<day>#S05`): the shard comes from a hash of the complaint id or the delivery id, so a
 * modelled webhook draws its own. Taken as the measured instances had them, a few instances sharing
 * a shard made every modelled write land on that one key, and an instance alone on its shard made
 * the key per-entity and took no heat.
 */
const SHARDED = /^(CMP|CMPDUE|CMPSTATS|QUARANTINE|IGNORED#[^#]+)#S\d{2}(?=#|$)/;
/** `draw`: the modelled webhook's uniform draws in [0, 1), one for its complaint id, one for its delivery id. */
function reshard(key: string, draw: { complaint: number; delivery: number }): string | undefined {
  const m = SHARDED.exec(key);
  if (!m) return undefined;
  const family = m[1]!;
  const s = family === 'QUARANTINE' ? Math.floor(draw.delivery * QUARANTINE_SHARDS) : family.startsWith('IGNORED#') ? Math.floor(draw.delivery * IGNORED_SHARDS) : Math.floor(draw.complaint * COMPLAINT_SHARDS);
  return `${family}#${shardLabel(s)}${key.slice(m[0].length)}`;
}

const KEY_ATTRS = (projections: Projections) => ['pk', ...Object.keys(projections).map((ix) => `${ix}pk`)];

/** Key values seen in more than one measured instance of a type: shared keys, whatever their name. */
function sharedKeys(samples: WebhookUnits['results'][number]['samples'], projections: Projections) {
  const seen = new Map<string, Set<number>>();
  samples.forEach((s, i) => {
    for (const w of s.log) {
      for (const img of [w.pre, w.post]) {
        for (const a of KEY_ATTRS(projections)) {
          const v = img?.[a];
          if (typeof v !== 'string') continue;
          (seen.get(v) ?? seen.set(v, new Set()).get(v)!).add(i);
        }
      }
    }
  });
  return new Set([...seen].filter(([, set]) => set.size > 1).map(([v]) => v));
}


function complaintImage(img: Img | undefined): Img | undefined {
  // Only the complaint record itself carries the index keys; its timeline items share its pk.
  if (!img || img.sk !== 'CMP') return img;
  const c = withoutKeys<Complaint>(img);
  return { ...complaintKey(c.id), ...complaintIndexKeys(c), entity: img.entity, ...c };
}

/** One modelled shipment of the 10 M: carrier, origin, ship time, tags, last courier event. */
function populationShipment(j: number, template: Shipment, now: Date, pick: { carrier: () => number; origin: () => number }, rnd: () => number, rules: { defaultHours: number; tagHours: Record<string, number> }): Shipment {
  const carrier = CARRIERS[pick.carrier()]!;
  const origin = `DC-${pick.origin()}`;
  const shippedAt = new Date(now.getTime() - rnd() * SHIP_DAYS * 86_400_000).toISOString();
  const perishable = rnd() < PERISHABLE;
  const lastEventAt = new Date(Date.parse(shippedAt) + rnd() * (now.getTime() - Date.parse(shippedAt) - 60_000)).toISOString();
  return {
    ...template,
    trackingNumber: `T${j}`,
    carrier,
    orderId: `O${Math.floor(j / 1.1)}`,
    origin,
    shippedAt,
    batchId: derivedBatchId(carrier, origin, shippedAt),
    tags: perishable ? ['perishable'] : undefined,
    thresholdHours: perishable ? (rules.tagHours.perishable ?? rules.defaultHours) : rules.defaultHours,
    status: 'in_transit',
    lastEventAt,
    updatedAt: lastEventAt,
    stalledEpisode: undefined,
  };
}

export interface IndexHeat {
  index: string;
  totalWcuPerS: number;
  hottest: { key: string; wcuPerS: number }[];
}
export interface ScaleResult {
  options: ScaleOptions;
  mix: Mix;
  projections: Projections;
  indexes: IndexHeat[];
  totalWcuPerS: number;
  quarantine: { key: string; wcuPerS: number } | undefined;
  /** Modelled vs DynamoDB Local's units per webhook, per type (model check). */
  check: { type: WebhookType; modelled: number; measured: number }[];
  /** Complaint items whose stored keys complaintIndexKeys does not reproduce (0 = the mirror holds). */
  keyMismatches: number;
  ms: number;
}

export function partitionHeat(m: WebhookUnits, mix: Mix, o: ScaleOptions): ScaleResult {
  const t0 = performance.now();
  const config = loadConfig({});
  const rules = { defaultHours: config.STALL_THRESHOLD_HOURS, tagHours: config.STALL_TAG_THRESHOLDS };
  const rnd = mulberry32(16);
  const pick = { carrier: zipfPicker(CARRIERS.length, rnd), origin: zipfPicker(ORIGINS, rnd) };
  const heat = new Map<string, Map<string, number>>();
  const totals = new Map<string, number>();
  const perEntityMax = new Map<string, { key: string; wcuPerS: number }>();
  const add = (e: Effect, scale = 1) => {
    totals.set(e.index, (totals.get(e.index) ?? 0) + e.units * scale);
    if (e.perEntity) {
      if ((perEntityMax.get(e.index)?.wcuPerS ?? 0) < e.units * scale) perEntityMax.set(e.index, { key: e.key, wcuPerS: e.units * scale });
      return;
    }
    const ix = heat.get(e.index) ?? heat.set(e.index, new Map()).get(e.index)!;
    ix.set(e.key, (ix.get(e.key) ?? 0) + e.units * scale);
  };
  const byType = new Map(m.results.map((r) => [r.type, r]));
  const check: ScaleResult['check'] = [];
  let newShipment = o.activeShipments;

  let keyMismatches = 0;
  const modelType = (type: WebhookType, count: number, sink: (e: Effect) => void) => {
    const r = byType.get(type);
    if (!r || r.samples.length === 0) return;
    const shared = sharedKeys(r.samples, m.projections);
    // Everything but shipments keeps the template's sizes and shape: its effects are computed once
    // per measured write, and only the per-entity keys are renamed per modelled webhook.
    const templates = r.samples.map((sample) => ({
      event: sample.events[0] as CanonicalEvent | undefined,
      writes: sample.log.map((w) => {
        if (w.entity === 'SHIP' && w.post) return { w, effects: undefined };
        if (w.entity === 'CMP' && w.post && w.post.sk === 'CMP' && JSON.stringify(complaintImage(w.post)) !== JSON.stringify(w.post)) keyMismatches++;
        const rebuild = w.entity === 'CMP' ? complaintImage : (x: Img | undefined) => x;
        const [pre, post] = imagesOf(w);
        return { w, effects: writeEffects(rebuild(pre), rebuild(post), m.projections, inTransaction(w)) };
      }),
    }));
    for (let k = 0; k < count; k++) {
      const t = templates[k % templates.length]!;
      const draw = { complaint: rnd(), delivery: rnd() };
      const now = new Date(o.now.getTime() + (k / Math.max(1, count)) * o.seconds * 1000);
      for (const { w, effects } of t.writes) {
        if (effects) {
          // A per-entity key is written once in the window: it counts toward the totals, and only
          // the largest such write per index is kept (10^5 one-off keys would only cost memory).
          for (const e of effects) {
            const sharded = reshard(e.key, draw);
            sink(sharded !== undefined ? { ...e, key: sharded } : shared.has(e.key) ? e : { ...e, key: `${e.key}~${k}`, perEntity: true });
          }
          continue;
        }
        const event = t.event;
        if (!event || (event.type !== 'tracking.updated' && event.type !== 'order.shipped')) continue;
        const template = withoutKeys<Shipment>(w.post!);
        let pre: Img | undefined;
        let post: Img | undefined;
        if (event.type === 'tracking.updated') {
          const j = Math.floor(rnd() * o.activeShipments);
          const last = populationShipment(j, template, now, pick, rnd, rules);
          pre = shipmentItem(last, new Date(last.updatedAt));
          // The record as read, with the stall entry its last write left (kept or moved by the store's rule).
          const cur = shipmentOf(pre);
          const next = applyTracking(cur, { ...event.data, trackingNumber: cur.trackingNumber, orderId: cur.orderId, occurredAt: new Date(now.getTime() - 60_000).toISOString() }, rules, now);
          post = next && shipmentItem(next, now);
        } else {
          const shape = populationShipment(newShipment++, template, now, pick, rnd, rules);
          const { batchId: _b, ...data } = event.data;
          const next = mergeOrderShipped(undefined, { ...data, trackingNumber: shape.trackingNumber, orderId: shape.orderId!, carrier: shape.carrier, origin: shape.origin, shippedAt: now.toISOString(), tags: shape.tags, items: data.items.map((i) => ({ ...i, tags: shape.tags })) }, rules, now);
          post = shipmentItem(next, now);
        }
        for (const e of writeEffects(pre, post, m.projections, inTransaction(w))) sink(e);
      }
    }
  };

  // Model check: the measured instances themselves, modelled units vs DynamoDB Local's.
  for (const r of m.results) {
    let modelled = 0;
    for (const s of r.samples) for (const w of s.log) modelled += writeEffects(...imagesOf(w), m.projections, inTransaction(w)).reduce((a, e) => a + e.units, 0);
    check.push({ type: r.type, modelled: modelled / Math.max(1, r.samples.length), measured: r.writes.total });
  }

  const mixTotal = Object.values(mix).reduce((a, b) => a + (b ?? 0), 0);
  for (const [type, share] of Object.entries(mix) as [WebhookType, number][]) {
    const count = Math.round(o.burstPerSecond * (share / mixTotal) * o.seconds);
    modelType(type, count, (e) => add(e, 1 / o.seconds));
  }
  // Quarantine on its own: per-second heat of the quarantined share of the burst.
  const q = new Map<string, number>();
  modelType('quarantined', Math.round(o.burstPerSecond * o.quarantineShare * o.seconds), (e) => e.index !== 'table' && q.set(`${e.index} ${e.key}`, (q.get(`${e.index} ${e.key}`) ?? 0) + e.units / o.seconds));
  const qTop = [...q].sort((a, b) => b[1] - a[1])[0];

  const indexes: IndexHeat[] = ['table', ...Object.keys(m.projections)].map((index) => {
    const keys = [...(heat.get(index) ?? new Map<string, number>())].map(([key, wcuPerS]) => ({ key, wcuPerS }));
    const one = perEntityMax.get(index);
    if (one) keys.push(one);
    keys.sort((a, b) => b.wcuPerS - a.wcuPerS);
    return { index, totalWcuPerS: totals.get(index) ?? 0, hottest: keys.slice(0, 3) };
  });
  return {
    options: o,
    mix,
    projections: m.projections,
    indexes,
    totalWcuPerS: indexes.reduce((a, i) => a + i.totalWcuPerS, 0),
    quarantine: qTop && { key: qTop[0], wcuPerS: qTop[1] },
    check,
    keyMismatches,
    ms: performance.now() - t0,
  };
}

/** Keys are printed with their per-instance parts elided: `STALL#2026-12-03T18`, `ORDER#O123…`. */
export function showKey(key: string) {
  const one = /~\d+$/.test(key);
  const k = key.replace(/~\d+$/, '');
  return `${k.length > 44 ? `${k.slice(0, 41)}…` : k}${one ? ' (one item)' : ''}`;
}
