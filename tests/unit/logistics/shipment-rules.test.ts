import { describe, expect, it } from 'vitest';
import type { OrderShipped, TrackingUpdated } from '../../../lib/canonical/canonical.ts';
import {
  applyTracking,
  derivedBatchId,
  firstOpenHour,
  hourOf,
  hoursBetween,
  hoursSince,
  isDue,
  mergeOrderShipped,
  needsRecovery,
  needsRefiling,
  stallEntryFor,
  stallSlotFor,
  thresholdHoursFor,
} from '../../../lib/logistics/shipment-rules.ts';
import type { Shipment, StallRules } from '../../../lib/logistics/shipment-types.ts';

const rules: StallRules = { defaultHours: 48, tagHours: { perishable: 24, fresh: 24, international: 96 } };
const H = 3_600_000;
const at = (iso: string) => new Date(iso);

const shipped = (over: Partial<OrderShipped> = {}): OrderShipped => ({
  orderId: 'SO-1',
  carrier: 'sf-express',
  trackingNumber: 'SF1',
  batchId: 'B-1',
  shippedAt: '2026-11-20T08:00:00Z',
  items: [],
  ...over,
});
const scan = (occurredAt: string, over: Partial<TrackingUpdated> = {}): TrackingUpdated => ({ carrier: 'sfexpress', trackingNumber: 'SF1', status: 'in_transit', occurredAt, ...over });

describe('stall threshold', () => {
  it('takes the smallest matching tag threshold, else the default', () => {
    expect(thresholdHoursFor(undefined, rules)).toBe(48);
    expect(thresholdHoursFor(['gift'], rules)).toBe(48);
    expect(thresholdHoursFor(['gift', 'Perishable'], rules)).toBe(24);
    expect(thresholdHoursFor(['international'], rules)).toBe(96);
    expect(thresholdHoursFor(['international', 'fresh'], rules)).toBe(24);
  });

  it('reads item tags as well as order tags', () => {
    const s = mergeOrderShipped(undefined, shipped({ items: [{ sku: 'C', name: 'cherries', quantity: 1, tags: ['perishable'] }] }), rules, at('2026-11-20T09:00:00Z'));
    expect(s.tags).toEqual(['perishable']);
    expect(s.thresholdHours).toBe(24);
  });
});

describe('stall index slot', () => {
  const now = at('2026-11-22T10:30:00Z');
  const base = (over: Partial<Shipment> = {}) => ({ ...mergeOrderShipped(undefined, shipped(), rules, now), ...over });

  it('is due at the newest courier event + threshold, bucketed by that hour', () => {
    // Prepare: newest scan 11:15 on the 21st, due 11:15 on the 23rd (in the future)
    const s = base({ lastEventAt: '2026-11-21T11:15:00.000Z' });
    // Act + Assess
    expect(stallSlotFor(s, now)).toEqual({ hour: '2026-11-23T11', dueAt: '2026-11-23T11:15:00.000Z' });
    expect(isDue(s, now)).toBe(false);
  });

  it('uses the ship time while there is no courier event', () => {
    expect(stallSlotFor(base(), now)?.dueAt).toBe('2026-11-22T08:00:00.000Z');
    expect(isDue(base(), now)).toBe(true);
  });

  it('puts an already overdue parcel in the current hour, never in an hour the scanner has passed', () => {
    // A late-arriving old event: due two days ago
    const s = base({ lastEventAt: '2026-11-18T00:00:00.000Z' });
    expect(stallSlotFor(s, now)).toEqual({ hour: '2026-11-22T10', dueAt: '2026-11-20T00:00:00.000Z' });
  });

  it('is absent when delivered or returned, when the order is unknown, and once alerted for this episode', () => {
    expect(stallSlotFor(base({ status: 'delivered' }), now)).toBeUndefined();
    expect(stallSlotFor(base({ status: 'returned' }), now)).toBeUndefined();
    expect(stallSlotFor(base({ orderId: undefined }), now)).toBeUndefined();
    expect(stallSlotFor(base({ lastEventAt: '2026-11-20T09:00:00.000Z', stalledEpisode: '2026-11-20T09:00:00.000Z' }), now)).toBeUndefined();
    // A newer event after the alerted one is a new episode: back in the index
    expect(stallSlotFor(base({ lastEventAt: '2026-11-21T09:00:00.000Z', stalledEpisode: '2026-11-20T09:00:00.000Z' }), now)).toBeDefined();
  });

  it('knows a stall is over when the parcel moved after the alerted episode', () => {
    expect(needsRecovery(base({ lastEventAt: 'x', stalledEpisode: 'x' }))).toBe(false);
    expect(needsRecovery(base({ lastEventAt: 'y', stalledEpisode: 'x' }))).toBe(true);
    expect(needsRecovery(base())).toBe(false);
  });

  it('a courier scan keeps the entry the parcel holds while it is still to come and not later than the parcel is due', () => {
    // Prepare: filed at the ship time's due (08:00 on the 23rd, via a first write at 08:00 on the 21st), then a scan at 09:00 on the 22nd
    const held = { hour: '2026-11-23T08', dueAt: '2026-11-23T08:00:00.000Z' };
    const scanned = base({ lastEventAt: '2026-11-22T09:00:00.000Z', stallEntry: held });
    // Act + Assess: the entry stays (no index write); the scanner will find it not due and refile it
    expect(stallEntryFor(scanned, now)).toEqual(held);
    expect(needsRefiling(scanned, now)).toBe(true);
    expect(stallSlotFor(scanned, now)).toEqual({ hour: '2026-11-24T09', dueAt: '2026-11-24T09:00:00.000Z' });
    // the same parcel written once its entry came due: it moves to where the parcel is due
    const later = at('2026-11-23T08:30:00Z');
    expect(stallEntryFor(scanned, later)).toEqual({ hour: '2026-11-24T09', dueAt: '2026-11-24T09:00:00.000Z' });
  });

  it('moves the entry when the parcel comes due earlier than it, and drops it when the parcel can no longer stall', () => {
    const held = { hour: '2026-11-23T20', dueAt: '2026-11-23T20:00:00.000Z' };
    // a perishable tag (24 h) makes the parcel due at 09:00 on the 23rd, before the entry
    const tightened = base({ lastEventAt: '2026-11-22T09:00:00.000Z', thresholdHours: 24, stallEntry: held });
    expect(stallEntryFor(tightened, now)).toEqual({ hour: '2026-11-23T09', dueAt: '2026-11-23T09:00:00.000Z' });
    expect(stallEntryFor(base({ status: 'delivered', stallEntry: held }), now)).toBeUndefined();
    // an entry already where the parcel is due needs no refiling
    const filed = base({ lastEventAt: '2026-11-21T20:00:00.000Z', stallEntry: held });
    expect(needsRefiling(filed, now)).toBe(false);
    expect(stallEntryFor(filed, now)).toEqual(held);
  });

  it('honours the threshold exactly: 47 h raises nothing, 49 h is due; perishables at 24 h', () => {
    const t = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * H).toISOString();
    expect(isDue(base({ lastEventAt: t(47) }), now)).toBe(false);
    expect(isDue(base({ lastEventAt: t(49) }), now)).toBe(true);
    expect(isDue(base({ lastEventAt: t(23), thresholdHours: 24 }), now)).toBe(false);
    expect(isDue(base({ lastEventAt: t(25), thresholdHours: 24 }), now)).toBe(true);
  });
});

describe('courier events and order.shipped in any order', () => {
  const now = at('2026-11-21T00:00:00Z');

  it('keeps the newest courier event; an older one arriving late changes nothing', () => {
    const a = applyTracking(undefined, scan('2026-11-20T10:00:00+08:00'), rules, now)!;
    const b = applyTracking(a, scan('2026-11-20T12:00:00Z', { status: 'out_for_delivery', location: 'Hub' }), rules, now)!;
    expect(b.lastEventAt).toBe('2026-11-20T12:00:00.000Z');
    expect(applyTracking(b, scan('2026-11-20T11:00:00Z', { status: 'in_transit' }), rules, now)).toBeUndefined();
    expect(applyTracking(b, scan('2026-11-20T12:00:00Z'), rules, now)).toBeUndefined();
  });

  it('order.shipped after tracking fills order, batch and contact without regressing status or lastEventAt', () => {
    // Prepare: the courier saw it first (partial shipment, aggregator slug)
    const partial = applyTracking(undefined, scan('2026-11-20T12:00:00Z', { status: 'out_for_delivery', location: 'Hub' }), rules, now)!;
    expect(partial.orderId).toBeUndefined();
    expect(stallSlotFor(partial, now)).toBeUndefined();
    // Act
    const merged = mergeOrderShipped(partial, shipped({ customer: { phone: '+8613800000000', locale: 'zh-CN' }, tags: ['perishable'] }), rules, now);
    // Assess
    expect(merged).toMatchObject({ orderId: 'SO-1', batchId: 'B-1', status: 'out_for_delivery', lastEventAt: '2026-11-20T12:00:00.000Z', lastLocation: 'Hub', carrier: 'sf-express', thresholdHours: 24, v: 2 });
    expect(stallSlotFor(merged, now)?.dueAt).toBe('2026-11-21T12:00:00.000Z');
  });

  it('derives the batch from carrier, origin and ship date when the source names none', () => {
    expect(derivedBatchId('sf-express', 'Shenzhen DC', '2026-11-20T23:30:00-02:00')).toBe('sf-express|Shenzhen DC|2026-11-21');
    const s = mergeOrderShipped(undefined, shipped({ batchId: undefined, origin: 'Shenzhen DC' }), rules, now);
    expect(s.batchId).toBe('sf-express|Shenzhen DC|2026-11-20');
  });
});

describe('hour buckets', () => {
  it('lists every hour between two buckets, across a day boundary', () => {
    expect(hoursBetween('2026-11-20T22', '2026-11-21T01')).toEqual(['2026-11-20T22', '2026-11-20T23', '2026-11-21T00', '2026-11-21T01']);
    expect(hoursBetween('2026-11-21T01', '2026-11-20T22')).toEqual([]);
  });

  it('keeps the previous hour open for a grace period (index lag, clock skew)', () => {
    expect(firstOpenHour(at('2026-11-21T10:05:00Z'))).toBe('2026-11-21T09');
    expect(firstOpenHour(at('2026-11-21T10:15:00Z'))).toBe('2026-11-21T10');
    expect(hourOf('2026-11-21T18:59:59+08:00')).toBe('2026-11-21T10');
  });

  it('counts hours without update to a tenth, rounded down', () => {
    expect(hoursSince('2026-11-20T00:00:00.000Z', '2026-11-22T01:03:00.000Z')).toBe(49);
    expect(hoursSince('2026-11-20T00:00:00.000Z', '2026-11-22T01:06:00.000Z')).toBe(49.1);
  });
});
