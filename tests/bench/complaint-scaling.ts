/**
 * Sections 4 and 5: how complaints and their read paths scale, on the embedded stack, in units
 * DynamoDB reports.
 *  - growth: one order's logistics complaint through N courier events (the first an exception that
 *    opens it, then routine scans that extend it), all through the real webhook path; at N = 1, 50,
 *    200, 500 the item's size and the write units of that event's complaint write;
 *  - read paths: GET /stats (through the real app) and the periodic sweep the stall-scanner runs
 *    (stall scan, SLA check, open-alert count) at two complaint counts, as read units and items read.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CanonicalEvent } from '../../lib/canonical/canonical.ts';
import { applyEvent, complaintIdOf, issueKeyOf } from '../../lib/complaints/domain/complaint-reducer.ts';
import { runStallScan } from '../../lib/logistics/stall-scanner.ts';
import { complaintKey } from '../../lib/platform/table/keys.ts';
import { imageSize } from './capacity.ts';
import { ComplaintStore } from '../../lib/complaints/complaint-store.ts';
import { benchStack, type Endpoints } from './stack.ts';
import { courierEvent, ids, orderShipped } from './webhooks.ts';

export interface GrowthPoint {
  events: number;
  itemBytes: number;
  complaintWriteUnits: number;
  webhookWriteUnits: number;
}

export async function complaintGrowth(e: Endpoints, checkpoints: number[]): Promise<{ points: GrowthPoint[]; failedAt?: { events: number; error: string } }> {
  const stack = await benchStack(e, 'growth');
  try {
    const rec = stack.recorder;
    rec.trackImages = true;
    const run = 90;
    const order = ids(run, 0);
    const last = Math.max(...checkpoints);
    const t0 = Date.now() - (last + 5) * 60_000;
    rec.counting = false;
    await stack.deliver(orderShipped(run, 0, t0));
    const id = complaintIdOf(order.orderId, 'logistics');
    const points: GrowthPoint[] = [];
    for (let n = 1; n <= last; n++) {
      const d = courierEvent(run, 0, n === 1 ? 'Exception' : 'InTransit', t0 + n * 60_000, n);
      const measured = checkpoints.includes(n);
      rec.take();
      rec.counting = measured;
      rec.keepLog = measured;
      try {
        await stack.deliver(d);
      } catch (err) {
        return { points, failedAt: { events: n, error: err instanceof Error ? err.message : String(err) } };
      }
      rec.counting = false;
      if (!measured) continue;
      const u = rec.take();
      const item = (await stack.svc.parts.clients.ddb.send(new GetCommand({ TableName: stack.tableName, Key: complaintKey(id) }))).Item;
      points.push({
        events: n,
        itemBytes: item ? imageSize(item) : 0,
        complaintWriteUnits: u.log.filter((w) => w.entity === 'CMP').reduce((a, w) => a + w.units.total, 0),
        webhookWriteUnits: u.writes.total,
      });
    }
    return { points };
  } finally {
    await stack.stop();
  }
}

export interface ReadPathPoint {
  complaints: number;
  stats: { readUnits: number; itemsRead: number; calls: number; ms: number };
  /** GET /stats?breakdown=sku,batch: one more item per SKU and batch counter (and shard). */
  breakdown: { itemsRead: number };
  sweep: { readUnits: number; itemsRead: number; calls: number; ms: number; cpuMs: number };
}

/**
 * Complaints whose clock ran out before the sweep, the same number at every size so O(due) shows:
 * about what one run of the quiet stream finds (750 new complaints a day, two clocks each, 288 runs).
 */
export const DUE_COMPLAINTS = 5;

/**
 * Complaints made by the real reducer from a shop's after-sales request each, written by the real
 * store's commit (record, timeline entry, due entry and counters in one transaction), a few at a
 * time. The first DUE_COMPLAINTS were opened a week ago: their clocks are due.
 */
async function seedComplaints(stack: Awaited<ReturnType<typeof benchStack>>, count: number) {
  const config = stack.svc.parts.config;
  const now = new Date();
  const store = new ComplaintStore(stack.svc.parts.clients.ddb, stack.tableName);
  const reasons = ['尺码不对 size too small', '颜色和图片色差很大 colour does not match', '快递太慢 delivery too slow', '质量问题 stitching came loose'];
  const seedOne = async (i: number) => {
    const orderId = `RP-${count}-${i}`;
    const ago = i < DUE_COMPLAINTS ? 7 * 86_400_000 : (i % 600) * 1000;
    const at = new Date(now.getTime() - ago).toISOString();
    const event = {
      type: 'aftersale.requested',
      timestamp: at,
      data: { orderId, requestId: `R-${i}`, type: i % 3 ? 'return_refund' : 'refund_only', reason: reasons[i % reasons.length]!, amount: { value: 99 + (i % 400), currency: 'CNY' } },
      id: `bench:${orderId}:0`,
      provider: 'standard',
      sourceEventType: 'aftersale.requested',
      occurredAt: at,
      receivedAt: at,
    } as CanonicalEvent;
    const issueKey = issueKeyOf(event, { orderId })!;
    const complaintId = complaintIdOf(orderId, issueKey);
    const folded = applyEvent(undefined, event, { now, config, complaintId, orderId, issueKey, owner: 'unassigned', priorClaimsByCustomer: 0 });
    // A catalogue and a set of batches that grow with the complaints (a SKU per 5, a shipment batch
    // per 20): what a shop's counters look like, so /stats shows whether it reads them.
    const complaint = { ...folded.complaint, items: [{ sku: `SKU-${i % Math.ceil(count / 5)}`, batchId: `B-${Math.floor(i / 20)}`, quantity: 1 }] };
    const { entry } = folded;
    // Concurrent commits can meet on a counter item (TransactionConflict): the record is still new, so the same commit is retried.
    for (let attempt = 0; ; attempt++) {
      const r = await store.commit({ next: complaint, entry });
      if (r === 'ok') return;
      if (attempt >= 20) throw new Error(`seeding ${complaintId}: ${r}`);
    }
  };
  // A few writers at once: DynamoDB Local is the bottleneck, not the client.
  let next = 0;
  await Promise.all(Array.from({ length: 12 }, async () => {
    while (next < count) await seedOne(next++);
  }));
}

export async function readPaths(e: Endpoints, count: number): Promise<ReadPathPoint> {
  const stack = await benchStack(e, `reads${count}`);
  try {
    await seedComplaints(stack, count);
    const rec = stack.recorder;
    const rt = stack.svc.parts;
    // The first scan of a fresh table walks its look-back window; the steady state is the next one.
    rec.counting = false;
    await runStallScan(rt.stall, rt.now());
    rec.take();
    rec.counting = true;
    let t = performance.now();
    const res = await stack.app.fetch(new Request('http://bench.local/stats'));
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET /stats answered ${res.status}`);
    const statsMs = performance.now() - t;
    const s = rec.take();
    const detailed = await stack.app.fetch(new Request('http://bench.local/stats?breakdown=sku,batch'));
    await detailed.arrayBuffer();
    if (detailed.status !== 200) throw new Error(`GET /stats?breakdown= answered ${detailed.status}`);
    const b = rec.take();
    t = performance.now();
    const c0 = process.cpuUsage();
    // What the stall-scanner function does per run (functions/stall-scanner/handler.ts): the scan,
    // the SLA check, and the open-alert count its metrics publish.
    await runStallScan(rt.stall, rt.now());
    await rt.complaints.checkSlas();
    await rt.stall.alerts.countOpen();
    const cpu = process.cpuUsage(c0);
    const sweepMs = performance.now() - t;
    const w = rec.take();
    rec.counting = false;
    return {
      complaints: count,
      stats: { readUnits: s.reads.total, itemsRead: s.itemsRead, calls: s.calls, ms: statsMs },
      breakdown: { itemsRead: b.itemsRead },
      sweep: { readUnits: w.reads.total, itemsRead: w.itemsRead, calls: w.calls, ms: sweepMs, cpuMs: (cpu.user + cpu.system) / 1000 },
    };
  } finally {
    await stack.stop();
  }
}
