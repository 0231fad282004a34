import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { IngestMessage } from '../../lib/intake/ingest-message.ts';
import { LEGACY_QUARANTINE_INDEX_PK, rawEventKey } from '../../lib/platform/table/keys.ts';
import { startTestService } from '../helpers/service.ts';

/**
 * The quarantine is write-sharded on gsi1 (`QUARANTINE#S<nn>`): a flood of unparseable deliveries
 * spreads over the shards, and the list still pages newest first across them, every record exactly
 * once, records from before sharding (`QUARANTINE`) included. Real DynamoDB Local, keys-only gsi1:
 * the listed records are the full items (hydrated), body included.
 */
let svc: Awaited<ReturnType<typeof startTestService>>;

beforeAll(async () => {
  svc = await startTestService({ roles: { api: false, workers: false, scanner: false } });
});
afterAll(async () => svc?.stop());

const quarantined = (i: number): IngestMessage => ({
  v: 1,
  provider: i % 2 ? 'shopify' : 'standard',
  deliveryId: `q-${String(i).padStart(3, '0')}`,
  receivedAt: new Date(Date.UTC(2026, 10, 11, 0, 0, i)).toISOString(),
  headers: { 'content-type': 'application/json' },
  body: { encoding: 'utf8', data: `{"n":${i}}` },
  outcome: 'quarantined',
  quarantineReason: 'unknown topic',
  events: [],
});

describe('sharded quarantine list', () => {
  it('spreads quarantines over the shards and lists them newest first across shards, each once, with their bodies', async () => {
    // Prepare: 30 quarantined deliveries through the store, one written by an older release under the unsharded key
    const store = svc.parts.rawEvents;
    for (let i = 0; i < 30; i++) expect(await store.finish(quarantined(i), 'quarantined')).toBe(true);
    const legacy = quarantined(30);
    await svc.parts.clients.ddb.send(
      new PutCommand({
        TableName: svc.parts.tableName,
        Item: { ...rawEventKey(legacy.provider, legacy.deliveryId), provider: legacy.provider, deliveryId: legacy.deliveryId, receivedAt: legacy.receivedAt, headers: {}, body: legacy.body, outcome: 'quarantined', events: [], state: 'quarantined', gsi1pk: LEGACY_QUARANTINE_INDEX_PK, gsi1sk: `${legacy.receivedAt}#${legacy.provider}#${legacy.deliveryId}` },
      }),
    );

    // Act: page through with a small page size
    const seen: { deliveryId: string; receivedAt: string; body?: unknown }[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.listQuarantine(7, cursor);
      expect(page.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 20);

    // Assess
    const shards = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const q = quarantined(i);
      const item = (await svc.parts.clients.ddb.send(new GetCommand({ TableName: svc.parts.tableName, Key: rawEventKey(q.provider, q.deliveryId) }))).Item!;
      shards.add(String(item.gsi1pk));
    }
    expect([...shards].every((s) => /^QUARANTINE#S\d{2}$/.test(s))).toBe(true);
    expect(shards.size).toBeGreaterThanOrEqual(5);
    expect(seen.map((r) => r.deliveryId)).toEqual(Array.from({ length: 31 }, (_, i) => `q-${String(30 - i).padStart(3, '0')}`));
    expect(seen.every((r) => r.body !== undefined)).toBe(true);
  });
});
