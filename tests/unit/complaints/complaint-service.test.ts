import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CanonicalEvent } from '../../../lib/canonical/canonical.ts';
import { ComplaintDeskService } from '../../../lib/complaints/complaint-desk-service.ts';
import type { ComplaintDeskRecords } from '../../../lib/complaints/complaint-records.ts';
import { ComplaintService } from '../../../lib/complaints/complaint-service.ts';
import type { Complaint } from '../../../lib/complaints/domain/complaint-types.ts';
import { computeStats } from '../../../lib/complaints/domain/stats.ts';
import { loadConfig } from '../../../lib/platform/config.ts';
import { createLogger } from '../../../lib/platform/logger.ts';
import { event, requested } from '../../helpers/factories.ts';
import { MemoryComplaintRecords } from '../helpers/memory-complaint-records.ts';

/**
 * ComplaintService over in-memory ports (tests/unit/helpers/memory-complaint-records.ts keeps the
 * DynamoDB store's contract: version-guarded all-or-nothing commits, timeline entries once, the due
 * index, counters from counterDelta, the pending-refunds claim). These pin the engine's own logic
 * without I/O; the same paths run on DynamoDB Local in tests/integration/complaints*.test.ts.
 */
const T0 = '2026-11-20T10:00:00.000Z';
const MIN = 60_000;
const HOUR = 60 * MIN;

function engine(o: { env?: Record<string, string>; at?: string } = {}) {
  const store = new MemoryComplaintRecords();
  const clock = { now: new Date(o.at ?? T0) };
  const breaches: { complaintId: string; clock: string }[] = [];
  const urgent: string[] = [];
  // Every setting the engine reads is named here: nothing comes from the caller's shell.
  const config = loadConfig({
    LOG_LEVEL: 'SILENT',
    SUPPORT_TEAM: 'alice,bob,carol',
    SLA_URGENT_FIRST_RESPONSE_MINUTES: '15',
    SLA_URGENT_RESOLUTION_HOURS: '4',
    SLA_ROUTINE_FIRST_RESPONSE_MINUTES: '60',
    SLA_ROUTINE_REVIEW_HOURS: '24',
    SLA_ROUTINE_RESOLUTION_HOURS: '48',
    SLA_DISPUTE_FIRST_RESPONSE_MINUTES: '30',
    SLA_DISPUTE_RESOLUTION_HOURS: '72',
    SLA_FOLLOW_UP_HOURS: '24',
    QUALITY_ALERT_THRESHOLD: '3',
    QUALITY_ALERT_WINDOW_DAYS: '7',
    QUALITY_ALERT_CATEGORIES: 'product_mismatch,usage',
    CLOCK_SKEW_MINUTES: '5',
    ...o.env,
  });
  const svc = new ComplaintService({
    store,
    config,
    now: () => clock.now,
    logger: createLogger({ serviceName: 'test', level: 'SILENT' }),
    signals: { onBreach: (b) => void breaches.push({ complaintId: b.complaintId, clock: b.clock }), onUrgentOpened: (s) => void urgent.push(s.complaint.id) },
  });
  const only = async (orderId: string) => {
    const list = await svc.store.forOrder(orderId);
    expect(list).toHaveLength(1);
    return list[0]!;
  };
  return { svc, store, clock, config, breaches, urgent, only };
}

const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();
const updated = (orderId: string, status: string, id: string, when: string) => event('aftersale.updated', { orderId, requestId: 'R', status } as never, { id, at: when });
const payment = (orderId: string, id: string): CanonicalEvent => ({ ...event('aftersale.updated', { orderId, requestId: `re_${id}`, status: 'refunded', amount: { value: 199, currency: 'CNY' } }, { id, provider: 'stripe' }), providerKind: 'payment' });
const lifecycle = (order: string): CanonicalEvent[] => [
  requested({ orderId: order, requestId: 'R', reason: '尺码偏小', amount: { value: 300, currency: 'CNY' } }, { at: T0, id: `${order}-a` }),
  updated(order, 'approved', `${order}-b`, at(2 * HOUR)),
  updated(order, 'return_shipped', `${order}-c`, at(26 * HOUR)),
  updated(order, 'refunded', `${order}-d`, at(74 * HOUR)),
];
/** The record as a customer or a report sees it (ids of the events left out). */
const normal = (c: Complaint) => ({ status: c.status, tier: c.tier, category: c.category, sla: c.sla, createdAt: c.createdAt, flags: c.flags, dueAt: c.dueAt, timeline: c.timeline!.map((t) => [t.at, t.summary]) });

describe('ComplaintService over in-memory ports', () => {
  it('an event counts once however often it is delivered (in a row or at the same time)', async () => {
    const { svc, store, only } = engine();
    const e = requested({ orderId: 'O-DUP', requestId: 'R', type: 'refund_only', reason: '尺码偏小', customer: { phone: '+8613800000001' } }, { id: 'dup-1' });
    await svc.applyEvents([e]);
    await svc.applyEvents([e, e]);
    await Promise.all([svc.applyEvents([e]), svc.applyEvents([e])]);
    const c = (await svc.store.get((await only('O-DUP')).id))!;
    expect(c.appliedEventIds).toEqual(['dup-1']);
    expect(c.version).toBe(1);
    expect(c.timeline).toHaveLength(1);
    expect((await svc.stats()).total).toBe(1);
    // one owner taken from the round robin, one claim counted for the customer
    expect(await store.counter('owner-round-robin')).toBe(1);
    expect(store.commits.filter((x) => x.result === 'ok')).toHaveLength(1);
    expect(store.commits.filter((x) => x.result === 'duplicate').length).toBeGreaterThanOrEqual(1);
    // a later event on the same complaint is not a new claim either
    await svc.applyEvents([updated('O-DUP', 'approved', 'dup-2', at(HOUR))]);
    expect([...store.named].filter(([k]) => k.startsWith('claims#')).map(([, n]) => n)).toEqual([1]);
  });

  it('events of one request in any order (and all at once) give the same record', async () => {
    const reference = engine();
    for (const e of lifecycle('O-REF')) await reference.svc.applyEvents([{ ...e, id: e.id.replace('O-REF', 'X') }]);
    const expected = normal((await reference.svc.store.get((await reference.only('O-REF')).id))!);
    expect(expected.status).toBe('completed');
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }), fc.boolean(), async (perm, together) => {
        const { svc, only } = engine();
        const events = lifecycle('O-REF').map((e) => ({ ...e, id: e.id.replace('O-REF', 'X') }));
        if (together) await Promise.all(perm.map((i) => svc.applyEvents([events[i]!])));
        else for (const i of perm) await svc.applyEvents([events[i]!]);
        expect(normal((await svc.store.get((await only('O-REF')).id))!)).toEqual(expected);
      }),
      { numRuns: 30 },
    );
  }, 30_000); // 30 replays take well under a second; the margin is for a loaded machine

  it('a write that loses a race is read again and re-applied: both writers\u2019 events are kept', async () => {
    const { svc, store, only } = engine();
    await svc.applyEvents([requested({ orderId: 'O-RACE', requestId: 'R', type: 'return_refund', reason: '色差' }, { id: 'race-0' })]);
    // Between this engine's read and its write, another worker applies its own event.
    const other = new ComplaintService({ store, config: loadConfig({ LOG_LEVEL: 'SILENT', SUPPORT_TEAM: 'alice' }), now: () => new Date(T0), logger: createLogger({ serviceName: 'other', level: 'SILENT' }) });
    store.beforeCommit(() => other.applyEvents([updated('O-RACE', 'approved', 'race-other', at(HOUR))]));
    await svc.applyEvents([updated('O-RACE', 'return_shipped', 'race-mine', at(2 * HOUR))]);
    const c = (await svc.store.get((await only('O-RACE')).id))!;
    expect(c.appliedEventIds.sort()).toEqual(['race-0', 'race-mine', 'race-other']);
    expect(c.status).toBe('returning');
    expect(store.commits.map((x) => x.result)).toContain('conflict');

    // 12 distinct updates at once: every one on the timeline exactly once
    const many = Array.from({ length: 12 }, (_, i) => updated('O-RACE', 'approved', `race-${i + 1}`, at(3 * HOUR + i * MIN)));
    await Promise.all(many.map((e) => svc.applyEvents([e])));
    const after = (await svc.store.get(c.id))!;
    expect(new Set(after.appliedEventIds).size).toBe(15);
    expect(after.appliedEventIds).toHaveLength(15);
  });

  it('a payment refund lands on its request once, whether it comes before or after it (and when redelivered)', async () => {
    const { svc, store, only } = engine();
    // before: kept as an order fact, no complaint of its own
    await svc.applyEvents([payment('O-PAY-1', 'pay-1')]);
    await svc.applyEvents([payment('O-PAY-1', 'pay-1')]);
    expect(await svc.store.forOrder('O-PAY-1')).toHaveLength(0);
    expect((await store.pendingRefunds('O-PAY-1'))?.events.map((e) => e.id)).toEqual(['pay-1']);
    await svc.applyEvents([requested({ orderId: 'O-PAY-1', requestId: 'R', type: 'refund_only', reason: '尺码偏小' }, { id: 'pay-req-1' })]);
    // after: straight onto the open request
    await svc.applyEvents([requested({ orderId: 'O-PAY-2', requestId: 'R', type: 'refund_only', reason: '尺码偏小' }, { id: 'pay-req-2' })]);
    await svc.applyEvents([payment('O-PAY-2', 'pay-2')]);
    // redeliveries after the claim change nothing
    await svc.applyEvents([payment('O-PAY-1', 'pay-1'), payment('O-PAY-2', 'pay-2')]);
    const a = (await svc.store.get((await only('O-PAY-1')).id))!;
    const b = (await svc.store.get((await only('O-PAY-2')).id))!;
    expect(a.status).toBe('completed');
    expect(b.status).toBe('completed');
    expect(a.category).toBe('product_mismatch');
    expect(a.appliedEventIds.sort()).toEqual(['pay-1', 'pay-req-1']);
    expect(b.appliedEventIds.sort()).toEqual(['pay-2', 'pay-req-2']);
    expect((await store.pendingRefunds('O-PAY-1'))?.claimedBy).toBe(a.id);
    // a refund racing its request (both at once) still lands once
    const { svc: s2, only: only2 } = engine();
    await Promise.all([s2.applyEvents([payment('O-PAY-3', 'pay-3')]), s2.applyEvents([requested({ orderId: 'O-PAY-3', requestId: 'R', type: 'refund_only', reason: '尺码偏小' }, { id: 'pay-req-3' })])]);
    const c = (await s2.store.get((await only2('O-PAY-3')).id))!;
    expect(c.appliedEventIds.sort()).toEqual(['pay-3', 'pay-req-3']);
    expect(c.status).toBe('completed');
  });

  it('tiers set the SLA clocks; the due index holds one entry, at the earliest running clock', async () => {
    const engineClock = engine();
    const { svc, store, only, urgent } = engineClock;
    await svc.applyEvents([requested({ orderId: 'O-URG', requestId: 'R', reason: '漏电 electrical leakage' }, { id: 'urg-1', at: T0 })]);
    await svc.applyEvents([requested({ orderId: 'O-ROU', requestId: 'R', type: 'refund_only', reason: '尺码偏小' }, { id: 'rou-1', at: T0 })]);
    const u = await only('O-URG');
    const r = await only('O-ROU');
    expect(u.tier).toBe('urgent');
    expect(u.sla.firstResponseDueAt).toBe(at(15 * MIN));
    expect(u.sla.resolutionDueAt).toBe(at(4 * HOUR));
    expect(urgent).toEqual([u.id]);
    expect(r.tier).toBe('routine');
    expect(r.sla.firstResponseDueAt).toBe(at(60 * MIN));
    expect(r.sla.resolutionDueAt).toBe(at(48 * HOUR));
    const dueOf = (id: string) => [...store.dueEntries.values()].filter((d) => d.id === id);
    expect(dueOf(u.id)).toEqual([{ id: u.id, dueAt: u.dueAt }]);
    expect(u.dueAt).toBe(at(15 * MIN));
    expect(dueOf(r.id)).toEqual([{ id: r.id, dueAt: at(60 * MIN) }]);
    // nothing is due before the first clock runs out
    expect(await store.due(new Date(Date.parse(at(14 * MIN))))).toEqual([]);
    // the first response ran out: the entry moves on to the next running clock (review, then resolution)
    const { clock } = engineClock;
    clock.now = new Date(Date.parse(at(61 * MIN)));
    await svc.checkSlas();
    expect(dueOf(r.id)).toEqual([{ id: r.id, dueAt: r.sla.reviewDueAt ?? r.sla.resolutionDueAt }]);
    // completed: only the follow-up clock runs, and the due entry moved there (the old one is gone)
    await svc.applyEvents([updated('O-ROU', 'refunded', 'rou-2', at(2 * HOUR))]);
    const done = await only('O-ROU');
    expect(done.status).toBe('completed');
    expect(done.sla.followUpDueAt).toBe(at(26 * HOUR));
    expect(dueOf(r.id)).toEqual([{ id: r.id, dueAt: at(26 * HOUR) }]);
    // the follow-up done: no clock runs, no due entry
    const closed = await svc.operate(r.id, { followUpDone: true }, 'amy');
    expect(closed.sla.followUpDueAt).toBeUndefined();
    expect(dueOf(r.id)).toEqual([]);
  });

  it('the SLA sweep reports each breach once, even when two sweeps run at the same time', async () => {
    const { svc, store, clock, breaches, only } = engine();
    await svc.applyEvents([requested({ orderId: 'O-SLA', requestId: 'R', reason: '漏电 electrical leakage' }, { id: 'sla-1', at: T0 })]);
    const c = await only('O-SLA');
    clock.now = new Date(Date.parse(at(20 * MIN)));
    const [a, b] = await Promise.all([svc.checkSlas(), svc.checkSlas()]);
    expect([...a, ...b]).toEqual([{ complaintId: c.id, tier: 'urgent', clock: 'first_response' }]);
    expect(breaches).toEqual([{ complaintId: c.id, clock: 'first_response' }]);
    const after = (await svc.store.get(c.id))!;
    expect(after.sla.breached).toBe(true);
    expect(after.flags).toContain('sla_breached');
    expect(after.timeline!.filter((t) => t.eventType === 'sla.breached')).toHaveLength(1);
    // the due entry moved on to the next running clock
    expect([...store.dueEntries.values()].filter((d) => d.id === c.id)).toEqual([{ id: c.id, dueAt: at(4 * HOUR) }]);
    expect(await svc.checkSlas()).toEqual([]);
    // the next clock runs out later: reported once too
    clock.now = new Date(Date.parse(at(5 * HOUR)));
    expect(await svc.checkSlas()).toEqual([{ complaintId: c.id, tier: 'urgent', clock: 'resolution' }]);
    expect(await svc.checkSlas()).toEqual([]);
    expect(breaches.map((x) => x.clock)).toEqual(['first_response', 'resolution']);
    expect((await svc.stats()).slaBreaches).toBe(1);
  });

  it('a backlog of run-out clocks is swept oldest first, page by page, stopping for time; one failing complaint holds up no other', async () => {
    const { svc, store, clock, only } = engine();
    // Arrange: five urgent complaints, a minute apart, all past their first response
    const orders = ['O-BK0', 'O-BK1', 'O-BK2', 'O-BK3', 'O-BK4'];
    for (const [i, o] of orders.entries()) await svc.applyEvents([requested({ orderId: o, requestId: 'R', reason: '漏电 electrical leakage' }, { id: `bk-${i}`, at: at(i * MIN) })]);
    const ids = await Promise.all(orders.map(async (o) => (await only(o)).id));
    clock.now = new Date(Date.parse(at(30 * MIN)));
    const commit = store.commit.bind(store);
    store.commit = async (c) => {
      if (c.next?.orderId === 'O-BK1') throw new Error('storage refused this one');
      return commit(c);
    };
    // Act: pages of two, with time for one page only
    let pages = 0;
    const first = await svc.checkSlas({ pageSize: 2, timeLeft: () => (pages++ === 0 ? 60_000 : 0) });
    // Assess: the oldest page, less the complaint that failed; the rest still due
    expect(first.map((b) => b.complaintId)).toEqual([ids[0]]);
    expect((await store.due(clock.now)).map((d) => d.id).sort()).toEqual(ids.slice(1).sort());
    // the next run has time: the others, oldest first; the failing one stays due until it can be written
    const second = await svc.checkSlas({ pageSize: 2 });
    expect(second.map((b) => b.complaintId).sort()).toEqual([ids[2], ids[3], ids[4]].sort());
    store.commit = commit;
    expect((await svc.checkSlas()).map((b) => b.complaintId)).toEqual([ids[1]]);
    expect(await store.due(clock.now)).toEqual([]);
  });

  it('the SLA sweep stops with the error when every complaint of a page fails (storage down)', async () => {
    const { svc, store, clock } = engine();
    await svc.applyEvents([requested({ orderId: 'O-DOWN', requestId: 'R', reason: '漏电 electrical leakage' }, { id: 'down-1', at: T0 })]);
    clock.now = new Date(Date.parse(at(30 * MIN)));
    store.commit = async () => {
      throw new Error('storage unavailable');
    };
    await expect(svc.checkSlas()).rejects.toThrow('storage unavailable');
  });

  it('an operator change: legal transition with the version, refused on a stale version or an illegal transition', async () => {
    const { svc, store, only } = engine();
    await svc.applyEvents([requested({ orderId: 'O-OP', requestId: 'R', type: 'refund_only' }, { id: 'op-1' })]);
    const c = await only('O-OP');
    expect(['alice', 'bob', 'carol']).toContain(c.owner);
    await expect(svc.operate(c.id, { status: 'awaiting_return', version: c.version })).rejects.toMatchObject({ kind: 'conflict', code: 'illegal_transition' });
    await expect(svc.operate(c.id, { followUpDone: true })).rejects.toMatchObject({ code: 'illegal_transition' });
    const ok = await svc.operate(c.id, { status: 'processing', note: 'refund issued to card', version: c.version }, 'amy');
    expect(ok.status).toBe('processing');
    expect(ok.version).toBe(c.version + 1);
    expect(ok.timeline!.at(-1)).toMatchObject({ actor: 'amy', summary: expect.stringMatching(/status → processing/) });
    await expect(svc.operate(c.id, { note: 'late', version: c.version })).rejects.toMatchObject({ kind: 'conflict', code: 'version_conflict' });
    await expect(svc.operate('C-nope', { note: 'x' })).rejects.toMatchObject({ code: 'complaint_not_found' });
    // a change that loses a race after its checks is refused too (the operator reloads), nothing overwritten
    const before = (await svc.store.get(c.id))!;
    store.beforeCommit(() => svc.applyEvents([updated('O-OP', 'approved', 'op-race', at(HOUR))]));
    await expect(svc.operate(c.id, { owner: 'bob' })).rejects.toMatchObject({ kind: 'conflict' });
    const after = (await svc.store.get(c.id))!;
    expect(after.appliedEventIds).toContain('op-race');
    expect(after.owner).toBe(before.owner);
  });

  it('a reveal is audited on the timeline and counted; a viewer never gets it', async () => {
    const { svc, store, only } = engine();
    await svc.applyEvents([requested({ orderId: 'O-REV', requestId: 'R', type: 'refund_only', customer: { phone: '+8613912345678', email: 'p@example.com' } }, { id: 'rev-1' })]);
    const c = await only('O-REV');
    await expect(svc.reveal(c.id, { name: 'vera', role: 'viewer' })).rejects.toMatchObject({ kind: 'forbidden' });
    expect((await svc.store.get(c.id))!.revealCount ?? 0).toBe(0);
    // a concurrent write between the read and the reveal: retried, counted once
    store.beforeCommit(() => undefined);
    expect(await svc.reveal(c.id, { name: 'amy', role: 'agent' })).toEqual({ phone: '+8613912345678', email: 'p@example.com' });
    const tl = await svc.timeline(c.id);
    const reveals = tl.items.filter((t) => t.eventType === 'operator.reveal');
    expect(reveals).toEqual([expect.objectContaining({ actor: 'amy', summary: expect.stringMatching(/revealed contact/) })]);
    expect(JSON.stringify(tl)).not.toContain('13912345678');
    expect((await svc.store.get(c.id))!.revealCount).toBe(1);
    expect((await svc.get(c.id))!.customer).toMatchObject({ phoneMasked: '+86139****5678' });
  });

  it('the desk alone (as the operator API builds it) reads and changes what the engine wrote, through the desk calls only', async () => {
    const { svc, store, config, clock, only } = engine();
    await svc.applyEvents([requested({ orderId: 'O-DESK', requestId: 'R', type: 'refund_only', customer: { phone: '+8613912345678' } }, { id: 'desk-1' })]);
    const c = await only('O-DESK');
    // Only the ComplaintDeskRecords calls: the desk never needs the engine's (order facts, refunds, the due sweep).
    const calls: ComplaintDeskRecords = {
      get: (id) => store.get(id),
      commit: (w) => store.commit(w),
      bumpReveal: (x, e, t) => store.bumpReveal(x, e, t),
      timeline: (id, limit, cursor) => store.timeline(id, limit, cursor),
      list: (f, limit, cursor) => store.list(f, limit, cursor),
      counters: (from) => store.counters(from),
      increment: (n) => store.increment(n),
      qualityStore: () => store.qualityStore(),
    };
    const desk = new ComplaintDeskService({ store: calls, config, now: () => clock.now, logger: createLogger({ serviceName: 'desk', level: 'SILENT' }) });
    expect((await desk.get(c.id))!.timeline).toHaveLength(1);
    expect((await desk.list({ orderId: 'O-DESK' }, 10)).items.map((x) => x.id)).toEqual([c.id]);
    const ok = await desk.operate(c.id, { status: 'processing', version: c.version }, 'amy');
    expect(ok).toMatchObject({ status: 'processing', version: c.version + 1 });
    expect(await desk.reveal(c.id, { name: 'amy', role: 'agent' })).toEqual({ phone: '+8613912345678' });
    expect((await desk.timeline(c.id)).items.map((t) => t.eventType)).toEqual([expect.any(String), 'operator.update', 'operator.reveal']);
    expect((await desk.stats()).total).toBe(1);
    expect(await desk.qualityAlerts()).toEqual([]);
    // ...and the engine sees the desk's change
    expect((await svc.store.get(c.id))!).toMatchObject({ status: 'processing', revealCount: 1 });
  });

  it('stats come from the counters kept on write and agree with counting the records', async () => {
    const { svc, clock } = engine();
    const reasons = ['尺码偏小', '漏电 electrical leakage', '快递破损', '客服态度差', '颜色不符'];
    for (let i = 0; i < 10; i++) {
      const e = requested({ orderId: `O-ST-${i}`, requestId: 'R', type: i % 2 ? 'refund_only' : 'return_refund', reason: reasons[i % reasons.length]! }, { id: `st-${i}`, at: at(i * MIN) });
      await svc.applyEvents([e]);
      await svc.applyEvents([e]); // redelivered: not counted twice
      if (i % 3 === 0) await svc.applyEvents([updated(`O-ST-${i}`, 'refunded', `st-${i}-r`, at(3 * HOUR + i * MIN))]);
    }
    clock.now = new Date(Date.parse(at(6 * HOUR)));
    await svc.checkSlas();
    const fromCounters = await svc.stats({ breakdown: ['sku', 'batch'] });
    const counted = computeStats(await svc.all());
    expect(await svc.stats()).toEqual({ ...fromCounters, bySku: undefined, byBatch: undefined });
    expect(fromCounters.total).toBe(10);
    for (const k of ['total', 'byCategory', 'byTier', 'byStatus', 'slaBreaches', 'bySku', 'byBatch'] as const) expect(fromCounters[k], k).toEqual(counted[k]);
    expect(fromCounters.byStatus.completed).toBe(4);
  });
});
