import type { OrderShipped, TrackingStatus, TrackingUpdated } from '../canonical/canonical.ts';
import type { Shipment, StallRules, StallSlot } from './shipment-types.ts';

/**
 * Pure shipment and stall rules (contract §4): no I/O, a clock passed in. The stores and the
 * scanner only move what these functions decide.
 */

const HOUR_MS = 3_600_000;

/** A parcel in one of these states can no longer stall. */
export const TERMINAL_STATUSES: readonly TrackingStatus[] = ['delivered', 'returned'];
export const isTerminal = (status: TrackingStatus) => TERMINAL_STATUSES.includes(status);

/**
 * How long a bucket stays open after its hour ends. GSIs are eventually consistent and writers'
 * clocks drift; the scanner re-reads a bucket until this much time has passed, so a write that
 * landed at 09:59:59 but became visible in the index at 10:00:02 is still found.
 */
export const BUCKET_GRACE_MS = 10 * 60_000;
/** The first scan (no cursor yet) looks this far back. */
export const FIRST_SCAN_LOOKBACK_MS = 7 * 24 * HOUR_MS;

/** Smallest threshold among the parcel's tags that have one, else the default. */
export function thresholdHoursFor(tags: readonly string[] | undefined, rules: StallRules): number {
  const byTag = new Map(Object.entries(rules.tagHours).map(([k, v]) => [k.toLowerCase(), v]));
  const matching = (tags ?? []).map((t) => byTag.get(t.toLowerCase())).filter((h): h is number => h !== undefined);
  return matching.length ? Math.min(...matching) : rules.defaultHours;
}

/** ISO-8601 in UTC with milliseconds: the one format stored, so string order is time order. */
export const utc = (iso: string | Date) => new Date(iso).toISOString();

/** `YYYY-MM-DDTHH` of an instant (UTC). */
export const hourOf = (d: Date | string) => utc(d).slice(0, 13);
export const nextHour = (hour: string) => hourOf(new Date(Date.parse(`${hour}:00:00.000Z`) + HOUR_MS));

/** Every hour bucket from `from` to `to`, both included. */
export function hoursBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let h = from; h <= to; h = nextHour(h)) out.push(h);
  return out;
}

/** Buckets before this hour can receive no more writes (see BUCKET_GRACE_MS): the cursor may pass them. */
export const firstOpenHour = (now: Date) => hourOf(new Date(now.getTime() - BUCKET_GRACE_MS));
export const firstScanHour = (now: Date) => hourOf(new Date(now.getTime() - FIRST_SCAN_LOOKBACK_MS));

/** The stall episode: same value, same episode. The newest courier event, or the ship time before any. */
export const episodeOf = (s: Pick<Shipment, 'lastEventAt' | 'shippedAt'>) => s.lastEventAt ?? s.shippedAt;

export const hoursSince = (fromIso: string, to: Date | string) => Math.floor((new Date(to).getTime() - Date.parse(fromIso)) / (HOUR_MS / 10)) / 10;

/** Orders without a batch id are grouped by carrier, origin and ship date (contract §4). */
export function derivedBatchId(carrier: string, origin: string | undefined, shippedAt: string): string {
  return `${carrier}|${origin ?? ''}|${utc(shippedAt).slice(0, 10)}`;
}

/**
 * Where the shipment belongs in the stall index, or nowhere: only parcels of a known order and
 * batch, not delivered or returned, and not already alerted for the current episode.
 * The bucket is the hour of max(dueAt, now): an old event that arrives late is put in the current
 * hour, never in an hour the scanner has already passed.
 */
export function stallSlotFor(s: Shipment, now: Date): StallSlot | undefined {
  const episode = episodeOf(s);
  if (!s.orderId || !s.batchId || !episode || isTerminal(s.status) || s.stalledEpisode === episode) return undefined;
  const due = Date.parse(episode) + s.thresholdHours * HOUR_MS;
  return { hour: hourOf(new Date(Math.max(due, now.getTime()))), dueAt: utc(new Date(due)) };
}

/**
 * Where a write files the parcel in the stall index. A courier scan pushes its due time later, but
 * the entry it already has stays put while that entry is still to come and comes due no later
 * than the parcel does: the scan is then one table write, not that plus an index entry deleted
 * and another put (two units more, on two thirds of all webhooks). When the entry's time comes,
 * the scanner finds the parcel not due and files it at its real due time (`needsRefiling`), at
 * most once per threshold period of a parcel that keeps moving. An entry is never later than the
 * parcel's due time, so no stall is found late; an entry already due moves on the write (the
 * scanner would read and move it anyway), so a write never leaves one in an hour the scanner may
 * have passed.
 */
export function stallEntryFor(s: Shipment, now: Date): StallSlot | undefined {
  const fresh = stallSlotFor(s, now);
  const held = s.stallEntry;
  return fresh && held && held.dueAt <= fresh.dueAt && Date.parse(held.dueAt) > now.getTime() ? held : fresh;
}

/** The scanner read the parcel from an entry that came due before the parcel did: it must move to where the parcel is due. */
export function needsRefiling(s: Shipment, now: Date): boolean {
  const fresh = stallSlotFor(s, now);
  return fresh !== undefined && s.stallEntry?.dueAt !== fresh.dueAt;
}

export function isDue(s: Shipment, now: Date): boolean {
  const slot = stallSlotFor(s, now);
  return slot !== undefined && Date.parse(slot.dueAt) <= now.getTime();
}

/** The parcel moved after the episode an alert was opened for: that alert must resolve. */
export const needsRecovery = (s: Shipment) => s.stalledEpisode !== undefined && episodeOf(s) !== s.stalledEpisode;

function allTags(d: OrderShipped): string[] | undefined {
  const tags = new Set([...(d.tags ?? []), ...d.items.flatMap((i) => i.tags ?? [])].map((t) => t.toLowerCase()));
  return tags.size ? [...tags].sort() : undefined;
}

/**
 * `order.shipped` creates the shipment or fills in the order side of one that tracking events
 * created first. The courier side (status, lastEventAt, location) is never regressed.
 */
export function mergeOrderShipped(cur: Shipment | undefined, d: OrderShipped, rules: StallRules, now: Date): Shipment {
  const tags = allTags(d);
  const at = now.toISOString();
  return {
    ...cur,
    trackingNumber: d.trackingNumber,
    // The shop's carrier name, not an aggregator's slug: batches and the carrier ledger group by it.
    carrier: d.carrier,
    orderId: d.orderId,
    batchId: d.batchId ?? derivedBatchId(d.carrier, d.origin, d.shippedAt),
    origin: d.origin ?? cur?.origin,
    shippedAt: utc(d.shippedAt),
    status: cur?.status ?? 'info_received',
    tags,
    amount: d.amount ?? cur?.amount,
    promisedBy: d.promisedBy ? utc(d.promisedBy) : cur?.promisedBy,
    customer: d.customer ?? cur?.customer,
    platform: d.platform ?? cur?.platform,
    thresholdHours: thresholdHoursFor(tags, rules),
    createdAt: cur?.createdAt ?? at,
    updatedAt: at,
    v: (cur?.v ?? 0) + 1,
  };
}

/**
 * `tracking.updated`: the newest courier event wins. Returns undefined when the event is not newer
 * than what is stored (a late, older event changes nothing).
 */
export function applyTracking(cur: Shipment | undefined, d: TrackingUpdated, rules: StallRules, now: Date): Shipment | undefined {
  const occurredAt = utc(d.occurredAt);
  if (cur?.lastEventAt && cur.lastEventAt >= occurredAt) return undefined;
  const at = now.toISOString();
  return {
    thresholdHours: rules.defaultHours,
    createdAt: at,
    ...cur,
    trackingNumber: d.trackingNumber,
    carrier: cur?.carrier ?? d.carrier,
    orderId: cur?.orderId ?? d.orderId,
    status: d.status,
    lastEventAt: occurredAt,
    lastLocation: d.location ?? cur?.lastLocation,
    lastDescription: d.description,
    updatedAt: at,
    v: (cur?.v ?? 0) + 1,
  };
}
