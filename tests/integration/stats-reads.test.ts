import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ComplaintService } from '../../lib/complaints/complaint-service.ts';
import { ComplaintStore } from '../../lib/complaints/complaint-store.ts';
import { TOTAL_SLOTS } from '../../lib/complaints/complaint-desk-store.ts';
import { COMPLAINT_SHARDS } from '../../lib/platform/table/keys.ts';
import { applyEvent } from '../../lib/complaints/domain/complaint-reducer.ts';
import type { Complaint } from '../../lib/complaints/domain/complaint-types.ts';
import { computeStats } from '../../lib/complaints/domain/stats.ts';
import { config, requested } from '../helpers/factories.ts';
import { startTestService } from '../helpers/service.ts';

let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => svc?.stop());

/** An engine on its own client that counts the items its queries return. */
function countingEngine() {
  const read = { items: 0 };
  const ddb = DynamoDBDocumentClient.from(svc.parts.clients.dynamo, { marshallOptions: { removeUndefinedValues: true } });
  ddb.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      read.items += (out.output as { ScannedCount?: number }).ScannedCount ?? 0;
      return out;
    },
    { step: 'initialize', name: 'count-items' },
  );
  const store = new ComplaintStore(ddb, svc.parts.tableName);
  const engine = new ComplaintService({ store, config, now: () => new Date(), logger: svc.parts.logger });
  return { engine, store, read };
}

const base = applyEvent(undefined, requested({ orderId: 'O-STATS' }, { id: 'stats-base' }), { now: new Date(), config, complaintId: 'x', orderId: 'x' }).complaint;
/** Complaint `i`, each of its own SKU and shipment batch: the catalogue grows with the complaints. */
const complaint = (i: number): Complaint => ({ ...base, id: `C-STATS-${i}`, orderId: `O-STATS-${i}`, items: [{ sku: `SKU-STATS-${i}`, batchId: `BATCH-STATS-${i}`, quantity: 1 }] });

async function open(store: ComplaintStore, from: number, to: number) {
  for (let i = from; i < to; i += 10) {
    const rs = await Promise.all(Array.from({ length: Math.min(10, to - i) }, (_, k) => store.commit({ next: complaint(i + k) })));
    expect(rs.every((r) => r === 'ok')).toBe(true);
  }
}

describe('GET /stats reads against DynamoDB Local', () => {
  it('reads a bounded number of items however many SKUs and batches there are; a breakdown reads them and counts each exactly', async () => {
    // Prepare: 10 complaints, then 150 more, each with a SKU and a batch of its own
    const { engine, store, read } = countingEngine();
    await open(store, 0, 10);
    read.items = 0;
    const small = await engine.stats();
    const smallReads = read.items;
    await open(store, 10, 160);

    // Act
    read.items = 0;
    const large = await engine.stats();
    const largeReads = read.items;
    read.items = 0;
    const detailed = await engine.stats({ breakdown: ['sku', 'batch'] });
    const detailedReads = read.items;

    // Assess: the default reads only the TOTAL slots (nothing resolved yet, no histogram or day
    // items), at most TOTAL_SLOTS per shard however large the catalogue; the breakdown reads one
    // counter per SKU and batch (and shard) on top
    expect(large.total - small.total).toBe(150);
    expect(smallReads).toBeGreaterThan(0);
    expect(largeReads).toBeLessThanOrEqual(COMPLAINT_SHARDS * TOTAL_SLOTS);
    expect(large).not.toHaveProperty('bySku');
    expect(large).not.toHaveProperty('byBatch');
    expect(detailedReads).toBeGreaterThanOrEqual(largeReads + 2 * 160);
    const mine = (r: Record<string, number> | undefined, prefix: string) => Object.fromEntries(Object.entries(r ?? {}).filter(([k]) => k.startsWith(prefix)));
    const counted = computeStats(Array.from({ length: 160 }, (_, i) => complaint(i)));
    expect(mine(detailed.bySku, 'SKU-STATS-')).toEqual(counted.bySku);
    expect(mine(detailed.byBatch, 'BATCH-STATS-')).toEqual(counted.byBatch);
  });

  it('GET /stats?breakdown= takes sku and batch, and answers 400 for anything else', async () => {
    const ok = await fetch(`${svc.url}/stats?breakdown=batch`);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as Record<string, unknown>;
    expect(body).toHaveProperty('byBatch');
    expect(body).not.toHaveProperty('bySku');
    const bad = await fetch(`${svc.url}/stats?breakdown=customer`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBeTruthy();
  });
});
