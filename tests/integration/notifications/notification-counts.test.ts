import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { NotificationStore } from '../../../lib/notifications/notification-store.ts';
import { notificationIndexKeys, notificationKey } from '../../../lib/platform/table/keys.ts';
import type { NotificationRecord } from '../../../lib/notifications/notification-types.ts';
import { startTestService } from '../../helpers/service.ts';

let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => svc?.stop());

const record = (incidentId: string, i: number): NotificationRecord => ({
  id: `N-${incidentId}-${i}`,
  incidentId,
  batchId: `B-${incidentId}`,
  orderId: `O-${i}`,
  trackingNumber: `T-${incidentId}-${i}`,
  channel: i % 5 === 4 ? 'none' : 'webhook',
  locale: 'en',
  template: 'delay-warning',
  status: i % 5 === 4 ? 'skipped' : 'queued',
  queuedAt: new Date(Date.UTC(2026, 11, 1, 10, 0, i)).toISOString(),
});

describe('an incident’s notification counts on DynamoDB Local', () => {
  it('move exactly with the notifications through concurrent creation, reruns, deliveries and retries', async () => {
    // Prepare: 40 notifications of one incident (every fifth without a channel: skipped)
    const store = new NotificationStore(svc.parts.clients.ddb, svc.parts.tableName);
    const incidentId = `INC-COUNT-${Date.now()}`;
    const all = Array.from({ length: 40 }, (_, i) => record(incidentId, i));
    const now = new Date();

    // Act: created all at once, then created again (a rerun of the scan), claimed and finished
    // (even ones sent, odd ones failed), the failed ones retried, half of them sent
    const created = await Promise.all(all.map((r) => store.createIfAbsent(r)));
    const again = await Promise.all(all.map((r) => store.createIfAbsent(r)));
    const queued = all.filter((r) => r.status === 'queued');
    const claims = await Promise.all(queued.map((r) => store.claim(incidentId, r.orderId, now, 60)));
    await Promise.all(queued.map((r, i) => store.finish(incidentId, r.orderId, { status: i % 2 ? 'failed' : 'sent', at: now.toISOString(), reason: i % 2 ? 'endpoint down' : undefined })));
    const failed = queued.filter((_, i) => i % 2);
    const retried = await Promise.all(failed.map((r) => store.claim(incidentId, r.orderId, now, 60)));
    await Promise.all(failed.filter((_, i) => i % 2 === 0).map((r) => store.finish(incidentId, r.orderId, { status: 'sent', at: now.toISOString() })));

    // Assess: every step took effect once, and the counts are what the records say
    expect(created.every((c) => c.created)).toBe(true);
    expect(again.some((c) => c.created)).toBe(false);
    expect(claims.every((c) => c.kind === 'claimed')).toBe(true);
    expect(retried.every((c) => c.kind === 'claimed')).toBe(true);
    const records = (await store.list({ incidentId }, 100)).items;
    const expected = { queued: 0, sent: 0, failed: 0, skipped: 0 } as Record<string, number>;
    for (const r of records) expected[r.status === 'sending' ? 'queued' : r.status]! += 1;
    expect(records).toHaveLength(40);
    expect(await store.counts(incidentId)).toEqual(expected);
    expect(expected).toEqual({ queued: 8, sent: 24, failed: 0, skipped: 8 });
  });

  it('an incident whose notifications came before the counts is counted from its notifications', async () => {
    // Prepare: three notifications written as the release before the counts wrote them (no count items)
    const store = new NotificationStore(svc.parts.clients.ddb, svc.parts.tableName);
    const incidentId = `INC-OLD-${Date.now()}`;
    const old = [0, 1, 4].map((i) => ({ ...record(incidentId, i), ...(i === 1 ? { status: 'sent' as const } : {}) }));
    for (const r of old) await svc.parts.clients.ddb.send(new PutCommand({ TableName: svc.parts.tableName, Item: { ...notificationKey(r.incidentId, r.orderId), ...notificationIndexKeys(r), entity: 'notification', ...r } }));
    // Act / Assess
    expect(await store.counts(incidentId)).toEqual({ queued: 1, sent: 1, failed: 0, skipped: 1 });
  });
});
