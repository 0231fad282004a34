import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { QualityStore } from '../../lib/complaints/quality-store.ts';
import { qualityWindowKey } from '../../lib/platform/table/keys.ts';
import { startTestService } from '../helpers/service.ts';

/**
 * A bestseller's complaints on DynamoDB Local: the window and the alert items are written with every
 * one of them, so they must not grow with their number (billed by size, capped at 400 KB).
 */
let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService({ roles: { api: false, workers: false, scanner: false } });
});
afterAll(async () => svc?.stop());

describe('the quality signal of one product with many complaints', () => {
  it('keeps its window and alert items small while the alert counts every complaint once', async () => {
    // Prepare
    const store = new QualityStore(svc.parts.clients.ddb, svc.parts.tableName);
    const sku = `BESTSELLER-${Date.now()}`;
    const target = { kind: 'sku' as const, key: sku, sku };
    const rules = { threshold: 3, windowDays: 7 };
    const t0 = Date.parse('2026-11-11T00:00:00.000Z');
    const now = new Date(t0 + 86_400_000);

    // Act: 400 complaints a minute apart, each recorded twice (a redelivery)
    let alertId: string | undefined;
    for (let i = 0; i < 400; i++) {
      const complaint = { id: `CMP-${sku}-${i}`, at: new Date(t0 + i * 60_000).toISOString(), category: 'quality' };
      const r = await store.record(target, complaint, rules, now);
      alertId ??= r.opened?.id;
      await store.record(target, complaint, rules, now);
    }

    // Assess
    const window = (await svc.parts.clients.ddb.send(new GetCommand({ TableName: svc.parts.tableName, Key: qualityWindowKey('sku', sku), ConsistentRead: true }))).Item!;
    expect(JSON.stringify(window).length).toBeLessThan(8_000);
    const alert = (await store.get(alertId!))!;
    expect(alert.count).toBe(400);
    expect(alert.complaintIds).toHaveLength(100);
    expect(alert.complaintIds[0]).toBe(`CMP-${sku}-0`);
    expect(JSON.stringify(alert).length).toBeLessThan(8_000);
  }, 120_000);
});
