import { expect } from 'vitest';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { loadSamples } from '../../events/samples.ts';
import { ComplaintService } from '../../lib/complaints/complaint-service.ts';
import { ComplaintStore } from '../../lib/complaints/complaint-store.ts';
import { applyEvent } from '../../lib/complaints/domain/complaint-reducer.ts';
import type { Complaint } from '../../lib/complaints/domain/complaint-types.ts';
import { complaintIndexKeys, complaintKey } from '../../lib/platform/table/keys.ts';
import { countingHandler, post, signSample } from './deliveries.ts';
import { config, event, requested } from './factories.ts';
import { eventually, type startTestService } from './service.ts';

/**
 * Scenarios that prove a property at any size: the integration tier runs them small on every
 * `npm test`, the scale tier (`npm run test:scale`, CI) at the sizes the README quotes.
 */
type Svc = Awaited<ReturnType<typeof startTestService>>;

/** Shuffled, concurrent deliveries with exact redeliveries: each unique event reaches the domain and is stored exactly once. */
export async function deliveryStorm(svc: Svc, counter: ReturnType<typeof countingHandler>, o: { unique: number; duplicates: number; prefix: string }) {
    // Prepare: o.unique signed deliveries across the standard samples, o.duplicates exact redeliveries
    const samples = loadSamples('standard');
    const unique = Array.from({ length: o.unique }, (_, i) => signSample(samples[i % samples.length]!, { deliveryId: `${o.prefix}${i}` }));
    const all = [...unique, ...Array.from({ length: o.duplicates }, (_, i) => unique[(i * 7) % unique.length]!)];
    for (let i = all.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [all[i], all[j]] = [all[j]!, all[i]!];
    }
    // Act: 20 concurrent senders
    const statuses: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < all.length) {
          const d = all[next++]!;
          statuses.push((await post(svc.url, 'standard', d)).status);
        }
      }),
    );
    // Assess
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const storm = () => [...counter.seen.entries()].filter(([id]) => id.startsWith(`standard:${o.prefix}`));
    await eventually(async () => storm().length === o.unique, `${o.unique} unique events processed`, 60_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(storm().length).toBe(o.unique);
    // Duplicates are stopped before the domain unless they race their original; the domain's
    // writes are idempotent per event id for that case (proven in the complaint suites).
    const repeats = storm().reduce((a, [, n]) => a + n - 1, 0);
    expect(repeats).toBeLessThan(o.duplicates);
    const stored = await Promise.all(Array.from({ length: o.unique }, (_, i) => svc.parts.rawEvents.get('standard', `${o.prefix}${i}`)));
    expect(stored.filter((r) => r?.state === 'done').length).toBe(o.unique);
  }

/** A filtered listing over n complaints reads only items matching its index key (ScannedCount ≤ 2 × matches, whatever n). */
export async function complaintListing(svc: Svc, n: number, json: (path: string) => Promise<{ body: any }>) {
    // Prepare: n complaints over 5 statuses × 3 tiers, written directly in batches
    const statuses = ['under_review', 'awaiting_return', 'returning', 'processing', 'completed'] as const;
    const tiers = ['urgent', 'routine', 'dispute'] as const;
    const base = applyEvent(undefined, requested({ orderId: 'O-SCALE' }, { id: 'scale' }), { now: new Date(), config, complaintId: 'x', orderId: 'x' }).complaint;
    const items = Array.from({ length: n }, (_, i) => {
      const c = { ...base, id: `C-SCALE-${i}`, orderId: `O-SCALE-${i}`, status: statuses[i % 5]!, tier: tiers[i % 3]!, createdAt: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString() };
      return { ...complaintKey(c.id), ...complaintIndexKeys(c), ...c };
    });
    for (let i = 0; i < items.length; i += 25) {
      await svc.parts.clients.ddb.send(new BatchWriteCommand({ RequestItems: { [svc.parts.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }
    const matching = items.filter((c) => c.status === 'returning' && c.tier === 'urgent').length;
    // Act: page through the filtered listing
    let scanned = 0;
    let seen = 0;
    let cursor: string | undefined;
    do {
      const page = await svc.parts.complaints.store.list({ status: 'returning', tier: 'urgent' }, 200, cursor);
      scanned += page.scanned;
      seen += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    // Assess: every match once; nothing read that does not match the index key (no filtered-out
    // reads). Reads above the match count are the shard merge's own: the 16 write shards are read a
    // page each and merged newest first, and what lies past the merge's watermark is read again on
    // the next page — bounded, and independent of how many complaints do NOT match.
    expect(seen).toBe(matching);
    expect(scanned).toBeGreaterThanOrEqual(matching);
    expect(scanned).toBeLessThanOrEqual(2 * matching);
    const viaHttp = await json('/complaints?status=returning&tier=urgent&limit=5');
    expect(viaHttp.body.items).toHaveLength(5);
    expect(viaHttp.body.nextCursor).toBeTruthy();
    expect(viaHttp.body.items.every((c: Complaint) => c.status === 'returning' && c.tier === 'urgent')).toBe(true);
  }

/**
 * n courier events on one logistics complaint: the stored item stays under 20 KB and the last
 * append costs the write units the second did (the record is compacted, not grown).
 */
export async function complaintGrowth(svc: Svc, n: number) {
  const units: number[] = [];
  const ddb = DynamoDBDocumentClient.from(svc.parts.clients.dynamo, { marshallOptions: { removeUndefinedValues: true } });
  ddb.middlewareStack.add((next) => async (args) => {
    (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
    const out = await next(args);
    const cc = (out.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
    if (cc && /Put|Transact|Update/.test((args.input as { TransactItems?: unknown; Item?: unknown }).TransactItems ? 'Transact' : (args.input as { Item?: unknown }).Item ? 'Put' : 'x')) units.push((Array.isArray(cc) ? cc : [cc]).reduce((a, c) => a + (c.CapacityUnits ?? 0), 0));
    return out;
  }, { step: 'initialize', name: 'capacity' });
  const engine = new ComplaintService({ store: new ComplaintStore(ddb, svc.parts.tableName), config, now: () => new Date(), logger: svc.parts.logger });
  const scan = (i: number) => event('tracking.updated', { carrier: 'sf', trackingNumber: 'T-LONG', orderId: 'O-LONG', status: i === 0 ? 'exception' : 'in_transit', occurredAt: new Date(Date.UTC(2026, 10, 20) + i * 60_000).toISOString(), location: `hub ${i}`, description: 'x'.repeat(200) }, { id: `long-${i}`, at: new Date(Date.UTC(2026, 10, 20) + i * 60_000).toISOString() });
  await engine.applyEvents([scan(0)]);
  units.length = 0;
  await engine.applyEvents([scan(1)]);
  const first = units.reduce((a, b) => a + b, 0);
  for (let i = 2; i < n; i++) await engine.applyEvents([scan(i)]);
  units.length = 0;
  await engine.applyEvents([scan(n)]);
  const last = units.reduce((a, b) => a + b, 0);
  expect(first).toBeGreaterThan(0);
  expect(last).toBe(first);
  const [c] = await engine.store.forOrder('O-LONG');
  const raw = await svc.parts.clients.ddb.send(new GetCommand({ TableName: svc.parts.tableName, Key: complaintKey(c!.id) }));
  expect(Buffer.byteLength(JSON.stringify(raw.Item))).toBeLessThan(20_000);
  // every courier event is on the timeline exactly once (the periodic SLA check may add its own entry)
  expect(c!.appliedEventIds.filter((id) => id.startsWith('long-'))).toHaveLength(n + 1);
}
