import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEvent } from '../../lib/complaints/domain/complaint-reducer.ts';
import type { Complaint } from '../../lib/complaints/domain/complaint-types.ts';
import type { CanonicalEvent } from '../../lib/canonical/canonical.ts';
import { config, event, requested } from '../helpers/factories.ts';
import { eventually, startTestService } from '../helpers/service.ts';
import { complaintListing } from '../helpers/scale-scenarios.ts';
import { computeStats } from '../../lib/complaints/domain/stats.ts';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { complaintKey } from '../../lib/platform/table/keys.ts';

let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService({ env: { SUPPORT_TEAM: 'alice,bob,carol' } });
});
afterAll(async () => svc?.stop());

const json = async (path: string, init?: RequestInit) => {
  const res = await fetch(`${svc.url}${path}`, init);
  return { status: res.status, body: (await res.json()) as Record<string, any>, etag: res.headers.get('etag') };
};

describe('complaint engine against DynamoDB Local', () => {
  it('concurrent updates to one complaint are all kept (version checks, retries)', async () => {
    // Prepare: one complaint and 12 distinct events applied at once from parallel workers
    const order = 'O-CONC';
    const base = requested({ orderId: order, requestId: 'R-C' }, { at: '2026-11-20T10:00:00.000Z', id: 'conc-0' });
    const updates = Array.from({ length: 12 }, (_, i) =>
      event('aftersale.updated', { orderId: order, requestId: 'R-C', status: i === 11 ? 'return_shipped' : 'approved', note: `n${i}` }, { at: `2026-11-21T10:${String(i).padStart(2, '0')}:00.000Z`, id: `conc-${i + 1}` }),
    );
    // Act
    await Promise.all([base, ...updates].map((e) => svc.parts.complaints.applyEvents([e])));
    // Assess: every event is on the timeline exactly once, status is the furthest reached
    const list = await svc.parts.complaints.store.forOrder(order);
    expect(list).toHaveLength(1);
    const c = (await svc.parts.complaints.store.get(list[0]!.id))!;
    expect(c.appliedEventIds.sort()).toEqual([base, ...updates].map((e) => e.id).sort());
    expect(new Set(c.timeline!.map((t) => t.eventId)).size).toBe(13);
    expect(c.status).toBe('returning');
  });

  it('replaying the same events in several orders, concurrently, gives the same stored record', async () => {
    const mk = (order: string): CanonicalEvent[] => [
      requested({ orderId: order, requestId: 'R', reason: '尺码偏小', amount: { value: 300, currency: 'CNY' } }, { at: '2026-11-20T10:00:00.000Z', id: `${order}-a` }),
      event('aftersale.updated', { orderId: order, requestId: 'R', status: 'approved' }, { at: '2026-11-20T12:00:00.000Z', id: `${order}-b` }),
      event('aftersale.updated', { orderId: order, requestId: 'R', status: 'return_shipped' }, { at: '2026-11-21T12:00:00.000Z', id: `${order}-c` }),
      event('aftersale.updated', { orderId: order, requestId: 'R', status: 'refunded' }, { at: '2026-11-23T12:00:00.000Z', id: `${order}-d` }),
    ];
    const orders = [[0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1], [1, 3, 0, 2]];
    const records: Complaint[] = [];
    for (const [k, perm] of orders.entries()) {
      const order = `O-PERM-${k}`;
      const events = mk(order);
      // half sequential in the permuted order, half all at once
      if (k % 2) await Promise.all(perm.map((i) => svc.parts.complaints.applyEvents([events[i]!])));
      else for (const i of perm) await svc.parts.complaints.applyEvents([events[i]!]);
      records.push((await svc.parts.complaints.store.forOrder(order))[0]!);
    }
    const normal = (c: Complaint) => ({ status: c.status, tier: c.tier, category: c.category, sla: c.sla, createdAt: c.createdAt, flags: c.flags, timeline: c.timeline!.map((t) => [t.at, t.summary]), source: c.source.eventId.replace(/O-PERM-\d/, '') });
    for (const r of records) expect(normal(r)).toEqual(normal(records[0]!));
    expect(records[0]!.status).toBe('completed');
  });

  it('the record item writes each stamp of its digest once and nothing the digest already says, and reads back as the fold', async () => {
    const id = 'shopify:returns_request:480d911878823822eb2ea42691179f6b31c1e5f7c069f2ada759f0856515f18a:0';
    const e = requested({ orderId: 'O-STAMPS', requestId: 'R-S', reason: '尺码偏小 size too small', amount: { value: 300, currency: 'CNY' }, customer: { name: '王小明', phone: '+8613800000000' } }, { at: '2026-11-20T10:00:00.000Z', id });
    await svc.parts.complaints.applyEvents([e]);
    const [c] = await svc.parts.complaints.store.forOrder('O-STAMPS');
    const item = (await svc.parts.clients.ddb.send(new GetCommand({ TableName: svc.parts.tableName, Key: complaintKey(c!.id) }))).Item!;
    expect(item.digest.stamps).toEqual([['2026-11-20T10:00:00.000Z', id]]);
    expect(JSON.stringify(item.digest).split(id)).toHaveLength(2);
    const read = (await svc.parts.complaints.store.get(c!.id))!;
    expect(read.digest.first).toEqual({ at: '2026-11-20T10:00:00.000Z', id, v: { provider: e.provider, eventType: e.sourceEventType } });
    expect(read.digest.reason).toEqual({ at: '2026-11-20T10:00:00.000Z', id, v: '尺码偏小 size too small' });
    expect(read.digest).not.toHaveProperty('stamps');
    // the fields the digest decides alone are not written twice, and are rendered back on read
    for (const k of ['reason', 'customer', 'contact', 'source', 'amount']) expect(item, k).not.toHaveProperty(k);
    expect(item).toMatchObject({ status: 'under_review', category: c!.category, tier: c!.tier });
    expect(read).toMatchObject({ reason: '尺码偏小 size too small', amount: { value: 300, currency: 'CNY' }, source: { provider: e.provider, eventId: id }, customer: { name: '王小明', phoneMasked: '+86138****0000' }, contact: { phone: '+8613800000000' } });
    expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThan(2048);
    // applying the same event again finds nothing new in the digest read back: no second write
    await svc.parts.complaints.applyEvents([e]);
    expect((await svc.parts.complaints.store.get(c!.id))!.version).toBe(read.version);
  });

  it('PATCH: legal transition with version, 409 on a stale version or an illegal transition, owner kept', async () => {
    await svc.parts.complaints.applyEvents([requested({ orderId: 'O-PATCH', requestId: 'R-P', type: 'refund_only', customer: { phone: '+8613912345678', email: 'p@example.com' } }, { id: 'patch-1' })]);
    const [c] = await svc.parts.complaints.store.forOrder('O-PATCH');
    expect(['alice', 'bob', 'carol']).toContain(c!.owner);
    const got = await json(`/complaints/${c!.id}`);
    expect(JSON.stringify(got.body)).not.toContain('13912345678');
    expect(got.body.customer.phoneMasked).toBe('+86139****5678');

    const illegal = await json(`/complaints/${c!.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'awaiting_return', version: c!.version }) });
    expect(illegal.status).toBe(409);
    expect(illegal.body.error.code).toBe('illegal_transition');

    const ok = await json(`/complaints/${c!.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', 'if-match': got.etag! }, body: JSON.stringify({ status: 'processing', note: 'refund issued to card' }) });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('processing');
    expect(ok.body.timeline.at(-1).summary).toMatch(/status → processing/);

    const stale = await json(`/complaints/${c!.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ note: 'late', version: c!.version }) });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');

    const bad = await json(`/complaints/${c!.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'teleported' }) });
    expect(bad.status).toBe(400);
    expect((await json('/complaints/C-nope')).status).toBe(404);
  });

  it('round-robin ownership over the configured team', async () => {
    for (let i = 0; i < 6; i++) await svc.parts.complaints.applyEvents([requested({ orderId: `O-RR-${i}`, requestId: 'R' }, { id: `rr-${i}` })]);
    const owners = await Promise.all(Array.from({ length: 6 }, async (_, i) => (await svc.parts.complaints.store.forOrder(`O-RR-${i}`))[0]!.owner));
    for (const name of ['alice', 'bob', 'carol']) expect(owners.filter((o) => o === name).length).toBe(2);
  });

  it('the periodic SLA check marks an unanswered urgent complaint as breached, once', async () => {
    const old = new Date(Date.now() - 20 * 60_000).toISOString();
    await svc.parts.complaints.applyEvents([requested({ orderId: 'O-SLA', requestId: 'R-S', reason: '漏电 electrical leakage' }, { at: old, id: 'sla-1' })]);
    const first = await svc.parts.complaints.checkSlas();
    expect(first.filter((b) => b.complaintId.length && b.clock === 'first_response').length).toBeGreaterThanOrEqual(1);
    const [c] = await svc.parts.complaints.store.forOrder('O-SLA');
    expect(c!.sla.breached).toBe(true);
    expect(c!.flags).toContain('sla_breached');
    const again = await svc.parts.complaints.checkSlas();
    expect(again.find((b) => b.complaintId === c!.id)).toBeUndefined();
  });

  it('listing 450 complaints by status and tier reads only the matching items', () => complaintListing(svc, 450, json));

  it('the counters stay exact under concurrent openings and changes, whichever counter slot each change lands in', async () => {
    // Prepare: 20 requests, then 20 approvals, 10 refunds and 5 duplicates, shuffled
    const opened = Array.from({ length: 20 }, (_, i) => requested({ orderId: `O-CNT-${i}`, requestId: 'R', reason: i % 2 ? '色差' : '尺码偏小' }, { id: `cnt-open-${i}`, at: '2026-11-20T10:00:00.000Z' }));
    const moves = Array.from({ length: 20 }, (_, i) => event('aftersale.updated', { orderId: `O-CNT-${i}`, requestId: 'R', status: 'approved' }, { id: `cnt-ok-${i}`, at: '2026-11-20T10:30:00.000Z' }));
    const done = Array.from({ length: 10 }, (_, i) => event('aftersale.updated', { orderId: `O-CNT-${i}`, requestId: 'R', status: 'refunded' }, { id: `cnt-done-${i}`, at: '2026-11-20T12:00:00.000Z' }));

    const before = await svc.parts.complaints.stats({ breakdown: ['sku', 'batch'] });

    // Act: ten at a time, as one worker takes an SQS batch
    const inBatches = async (events: CanonicalEvent[]) => {
      for (let i = 0; i < events.length; i += 10) await Promise.all(events.slice(i, i + 10).map((e) => svc.parts.complaints.applyEvents([e])));
    };
    await inBatches(opened);
    await inBatches([...moves, ...done, ...moves.slice(0, 5)].sort(() => Math.random() - 0.5));

    // Assess: what the counters gained is what these records say (other tests of this file write records too)
    const after = await svc.parts.complaints.stats({ breakdown: ['sku', 'batch'] });
    const mine = (await svc.parts.complaints.all()).filter((c) => c.orderId.startsWith('O-CNT-'));
    const fromRecords = computeStats(mine);
    const gained = (a: Record<string, number> = {}, b: Record<string, number> = {}) => Object.fromEntries(Object.keys({ ...a, ...b }).map((k) => [k, (a[k] ?? 0) - (b[k] ?? 0)]).filter(([, n]) => n !== 0));
    const nonZero = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).filter(([, n]) => n !== 0));
    expect(mine).toHaveLength(20);
    expect(after.total - before.total).toBe(20);
    for (const k of ['byCategory', 'byTier', 'byStatus', 'bySku', 'byBatch'] as const) expect(gained(after[k], before[k]), k).toEqual(nonZero(fromRecords[k]));
    expect(after.slaBreaches - before.slaBreaches).toBe(fromRecords.slaBreaches);
    expect(fromRecords.byStatus.completed).toBeGreaterThanOrEqual(10);
  });

  it('GET /stats counts by category, tier and status', async () => {
    const stats = await eventually(async () => {
      const s = (await json('/stats')).body;
      return s.total > 0 ? s : undefined;
    }, 'stats');
    expect(Object.keys(stats.byCategory)).toEqual(['product_mismatch', 'logistics', 'usage', 'service', 'other']);
    expect(stats.byStatus).toHaveProperty('completed');
  });
});
