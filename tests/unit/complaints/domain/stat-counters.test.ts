import { describe, expect, it } from 'vitest';
import { applyEvent } from '../../../../lib/complaints/domain/complaint-reducer.ts';
import type { Complaint } from '../../../../lib/complaints/domain/complaint-types.ts';
import { computeStats, contributions, counterDelta, counterRanges, daySk, statsFromCounters, TOTAL_SK } from '../../../../lib/complaints/domain/stats.ts';
import { config, event, requested } from '../../../helpers/factories.ts';

const ctx = (id: string) => ({ now: new Date('2026-11-20T10:00:00Z'), config, complaintId: id, orderId: `O-${id}`, owner: 'alice' });
const withItems = (id: string, skus: string[]): Complaint => {
  const c = applyEvent(undefined, requested({ orderId: `O-${id}`, requestId: `R-${id}`, reason: '色差' }), ctx(id)).complaint;
  return { ...c, items: skus.map((sku, i) => ({ sku, batchId: `B-${sku}-${i % 3}` })) };
};

/** Sums deltas into counter items the way DynamoDB's ADD does. */
function apply(items: Map<string, Record<string, number>>, delta: ReturnType<typeof counterDelta>) {
  for (const [sk, attrs] of delta) {
    const item = items.get(sk) ?? {};
    for (const [a, d] of attrs) item[a] = (item[a] ?? 0) + d;
    items.set(sk, item);
  }
}

describe('stat counters: items sized for the write path', () => {
  it('what a status change touches stays small however large the catalogue complained about', () => {
    // Prepare: 1,000 complaints over 1,000 distinct SKUs
    const items = new Map<string, Record<string, number>>();
    const complaints = Array.from({ length: 1000 }, (_, i) => withItems(`C${i}`, [`SKU-${i}`]));
    for (const c of complaints) apply(items, counterDelta(undefined, c));

    // Act: one complaint moves on
    const next = applyEvent(complaints[0], event('aftersale.updated', { orderId: 'O-C0', requestId: 'R-C0', status: 'approved' }, { at: '2026-11-20T11:00:00.000Z' }), ctx('C0')).complaint;
    const moved = { ...next, items: complaints[0]!.items };
    expect(moved.status).not.toBe(complaints[0]!.status);
    const delta = counterDelta(complaints[0], moved);

    // Assess: the status change touches TOTAL only, and TOTAL holds a fixed set of counts
    expect([...delta.keys()]).toEqual([TOTAL_SK]);
    expect(Object.keys(items.get(TOTAL_SK)!).length).toBeLessThan(40);
    expect(Object.keys(items.get(TOTAL_SK)!).some((a) => a.startsWith('sku:') || a.startsWith('batch:'))).toBe(false);
    // each SKU has an item of its own: no counter item grows with the catalogue
    const skuItems = [...items].filter(([sk]) => sk.startsWith('SKU#'));
    expect(skuItems.length).toBe(1000);
    expect(Math.max(...skuItems.map(([, a]) => Object.keys(a).length))).toBe(1);
    // and each shipment batch too: a day's new batches add items, never grow one
    const batchItems = [...items].filter(([sk]) => sk.startsWith('SKUB#'));
    expect(batchItems.length).toBe(1000);
    expect(Math.max(...batchItems.map(([, a]) => Object.keys(a).length))).toBe(1);
    // a catalogue key too long for a sort key shares an item by hash, its count kept by name
    const long = counterDelta(undefined, withItems('L1', ['X'.repeat(3000)]));
    const longSk = [...long.keys()].find((sk) => sk.startsWith('SKU#'))!;
    expect(longSk.length).toBeLessThan(20);
    expect([...long.get(longSk)!.keys()]).toEqual([`sku:${'X'.repeat(3000)}`]);
    // every item sorts between DAY#<day> and TOTAL, the range the store reads
    for (const sk of items.keys()) expect(sk >= daySk('2000-01-01') && sk <= TOTAL_SK).toBe(true);
  });

  it('a histogram of every resolution time from a minute to 30 days is spread over items each under one write unit', () => {
    // Prepare: complaints answered and resolved 0 minutes … 30 days after they opened (one per minute up to
    // 2 h, then ~3 % apart: every bucket of both histograms), all resolved on one day
    const resolvedAt = '2026-12-01T23:59:00.000Z';
    const durations: number[] = [];
    for (let m = 0; m < 43_200; m = m < 120 ? m + 1 : Math.ceil(m * 1.03)) durations.push(m);
    const complaints = durations.map((m, i) => ({ ...withItems(`H${i}`, []), items: [], createdAt: new Date(Date.parse(resolvedAt) - m * 60_000).toISOString(), firstResponseAt: resolvedAt, resolvedAt }));

    // Act
    const items = new Map<string, Record<string, number>>();
    for (const c of complaints) apply(items, counterDelta(undefined, c));

    // Assess: each histogram item holds at most 40 buckets and stays under 1 KB (name + number per
    // attribute, as DynamoDB sizes them, plus its keys)
    const histogramItems = [...items].filter(([sk]) => sk !== TOTAL_SK);
    expect(new Set(histogramItems.map(([sk]) => sk.split('#')[0]))).toEqual(new Set(['FR', 'RES', 'DAY']));
    expect(histogramItems.length).toBeGreaterThan(6);
    const bytes = ([sk, attrs]: [string, Record<string, number>]) => 'pkCMPSTATS#S00'.length + 'sk'.length + sk.length + Object.keys(attrs).reduce((a, k) => a + k.length + 3, 0);
    for (const item of histogramItems) {
      expect(Object.keys(item[1]).filter((a) => a !== 'n').length).toBeLessThanOrEqual(40);
      expect(bytes(item)).toBeLessThan(1024);
    }
    // and the figures are those of one item per histogram (the layout before the groups, still read)
    const ungrouped = new Map<string, Record<string, number>>();
    for (const [sk, attrs] of items) {
      const base = sk.startsWith('DAY#') ? sk.slice(0, 14) : sk.split('#')[0]!;
      const into = ungrouped.get(base) ?? {};
      for (const [a, n] of Object.entries(attrs)) into[a] = (into[a] ?? 0) + n;
      ungrouped.set(base, into);
    }
    expect(Object.keys(ungrouped.get('RES')!).length).toBeGreaterThan(200);
    const asList = (m: Map<string, Record<string, number>>) => [...m].map(([sk, attrs]) => ({ sk, attrs }));
    expect(statsFromCounters(asList(items))).toEqual(statsFromCounters(asList(ungrouped)));
    expect(statsFromCounters(asList(items)).resolutionByDay).toEqual([{ day: '2026-12-01', medianMinutes: expect.any(Number), resolved: durations.length }]);
  });

  it('the counters give what the complaints give, including items written by the release that kept everything in TOTAL', () => {
    const complaints = Array.from({ length: 40 }, (_, i) => withItems(`D${i}`, [`SKU-${i % 7}`, `SKU-${(i + 1) % 7}`]));
    const items = new Map<string, Record<string, number>>();
    for (const c of complaints.slice(10)) apply(items, counterDelta(undefined, c));
    // the first ten as the old layout counted them: one TOTAL item with every attribute
    const legacy: Record<string, number> = {};
    for (const c of complaints.slice(0, 10)) for (const attrs of contributions(c).values()) for (const [a, n] of attrs) legacy[a] = (legacy[a] ?? 0) + n;
    const fromCounters = statsFromCounters([{ sk: TOTAL_SK, attrs: legacy }, ...[...items].map(([sk, attrs]) => ({ sk, attrs }))], ['sku', 'batch']);
    expect(fromCounters).toEqual(computeStats(complaints));
  });

  it('GET /stats reads the days, histograms and totals; SKU and batch counters only for their breakdown', () => {
    // Prepare: every kind of counter item a complaint writes (resolved today, first response given)
    const resolvedAt = '2026-12-01T12:00:00.000Z';
    const c = { ...withItems('R1', ['SKU-R']), createdAt: '2026-12-01T08:00:00.000Z', firstResponseAt: '2026-12-01T09:00:00.000Z', resolvedAt };
    const sks = [...contributions(c).keys()].map((sk) => (sk === TOTAL_SK ? `${TOTAL_SK}#3` : sk));
    const within = (ranges: [string, string][]) => sks.filter((sk) => ranges.some(([from, to]) => sk >= from && sk <= to));
    // Act / Assess
    const fixed = within(counterRanges('2026-09-02'));
    expect(fixed.some((sk) => sk.startsWith('DAY#2026-12-01')) && fixed.some((sk) => sk.startsWith('FR#')) && fixed.some((sk) => sk.startsWith('RES#'))).toBe(true);
    expect(fixed).toContain(`${TOTAL_SK}#3`);
    expect(fixed.filter((sk) => sk.startsWith('SKU'))).toEqual([]);
    expect(within(counterRanges('2026-09-02', ['sku'])).filter((sk) => sk.startsWith('SKU'))).toEqual(['SKU#SKU-R']);
    expect(within(counterRanges('2026-09-02', ['sku', 'batch'])).sort()).toEqual([...sks].sort());
    // a day before the window is not read
    expect(within(counterRanges('2026-12-02')).some((sk) => sk.startsWith('DAY#'))).toBe(false);
  });
});
