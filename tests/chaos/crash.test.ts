import { afterAll, describe, expect, it } from 'vitest';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { standardSigner } from '../../events/signers/standard.ts';
import { post } from '../helpers/deliveries.ts';
import { eventually, startTestService } from '../helpers/service.ts';
import { hoursAgo, putShipments, shipment } from '../helpers/stall-factories.ts';
import { runStallScan } from '../../lib/logistics/stall-scanner.ts';

/**
 * Crash safety with real processes: the API in this process, the worker (and the stall scanner) in
 * child processes killed with SIGKILL mid-work, while DynamoDB Local and fauxqs stay up. After a
 * restart and the visibility timeout nothing is lost and nothing is doubled.
 */
const ROOT = join(import.meta.dirname, '../..');
const children: ChildProcess[] = [];
afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

function childEnv(svc: Awaited<ReturnType<typeof startTestService>>) {
  return {
    ...process.env,
    TABLE_NAME: svc.parts.tableName,
    DYNAMODB_ENDPOINT: svc.parts.config.DYNAMODB_ENDPOINT!,
    SQS_ENDPOINT: svc.parts.config.SQS_ENDPOINT!,
    LOCAL_QUEUE_VISIBILITY_SECONDS: '5',
    LOCAL_QUEUE_MAX_RECEIVE_COUNT: '3',
    LOG_LEVEL: 'SILENT',
    STAGE: 'local',
  };
}

function startWorker(svc: Awaited<ReturnType<typeof startTestService>>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'lib/local/main.ts'), '--role', 'workers'], { env: childEnv(svc), stdio: 'ignore' });
  children.push(child);
  return child;
}

describe('crash safety', () => {
  it('a worker killed with SIGKILL mid-batch loses nothing and doubles nothing', async () => {
    // Prepare: API only in this process; 60 orders × (request + 2 updates) = 180 deliveries
    const svc = await startTestService({ roles: { api: true, workers: false, scanner: false } });
    try {
      const bodies = Array.from({ length: 60 }, (_, i) => [
        { type: 'aftersale.requested', timestamp: '2026-11-20T10:00:00Z', data: { orderId: `CR-${i}`, requestId: `R-${i}`, type: 'return_refund', reason: '尺码不对' } },
        { type: 'aftersale.updated', timestamp: '2026-11-20T11:00:00Z', data: { orderId: `CR-${i}`, requestId: `R-${i}`, status: 'approved' } },
        { type: 'aftersale.updated', timestamp: '2026-11-21T11:00:00Z', data: { orderId: `CR-${i}`, requestId: `R-${i}`, status: 'return_shipped' } },
      ]).flat();
      const ids: string[] = [];
      for (const [i, b] of bodies.entries()) {
        const d = standardSigner.sign(Buffer.from(JSON.stringify(b)), { deliveryId: `crash-${i}` });
        expect((await post(svc.url, 'standard', d)).status).toBe(200);
        ids.push(`crash-${i}`);
      }
      const done = async () => (await Promise.all(ids.map((id) => svc.parts.rawEvents.get('standard', id)))).filter((r) => r?.state === 'done').length;

      // Act: a worker starts, gets part-way, and is killed without warning
      const first = startWorker(svc);
      await eventually(async () => (await done()) >= 20, 'worker made progress', 60_000);
      first.kill('SIGKILL');
      const atKill = await done();
      expect(atKill).toBeLessThan(ids.length); // really mid-way
      // a new worker takes over after the visibility timeout
      startWorker(svc);
      await eventually(async () => (await done()) === ids.length, 'all deliveries done after restart', 120_000);

      // Assess: every order has one complaint with each of its three events exactly once
      for (let i = 0; i < 60; i++) {
        const list = await svc.parts.complaints.store.forOrder(`CR-${i}`);
        expect(list, `order CR-${i}`).toHaveLength(1);
        const c = list[0]!;
        // The deliveries' entries (the workers' SLA check may add its own `system` entry: these events are old).
        const delivered = (c.timeline ?? []).filter((t) => t.provider === 'standard');
        expect(delivered.map((t) => t.eventId), JSON.stringify(c.timeline)).toHaveLength(3);
        expect(new Set(delivered.map((t) => t.eventId)).size).toBe(3);
        expect(c.status).toBe('returning');
      }
    } finally {
      await svc.stop();
    }
  }, 240_000);

  it('a stall scanner killed mid-fan-out is completed by the next scan: one notification per order, all enqueued', async () => {
    const svc = await startTestService({ roles: { api: false, workers: false, scanner: false } });
    try {
      const now = new Date();
      await putShipments(svc.parts.clients.ddb, svc.parts.tableName, Array.from({ length: 600 }, (_, i) => shipment('CRASH-BATCH', i, hoursAgo(i === 0 ? 50 : 2, now.getTime()))), now);
      const listAll = async () => {
        const out = [];
        let cursor: string | undefined;
        do {
          const page = await svc.parts.stall.notifications.list({ batchId: 'CRASH-BATCH' }, 500, cursor);
          out.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
        return out;
      };
      // Act: a scanner process, killed once it has created some of the 600 notifications
      const child = fork(join(ROOT, 'tests/helpers/scan-once.ts'), [], { execArgv: ['--import', 'tsx'], env: childEnv(svc), stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      children.push(child);
      await eventually(async () => (await listAll()).length >= 50, 'scanner made progress', 60_000);
      child.kill('SIGKILL');
      const atKill = await listAll();
      // the rerun (this process) and an overlapping second one
      const reruns = await Promise.all([runStallScan(svc.parts.stall), runStallScan(svc.parts.stall)]);
      // Scheduled scans follow until one finds nothing left to do (a scan that meets a storage
      // hiccup keeps the parcel due and leaves the rest to the next one)
      for (let i = 0; i < 10 && reruns.at(-1)!.dueShipments + reruns.at(-1)!.failures > 0; i++) reruns.push(await runStallScan(svc.parts.stall));
      console.info('[crash] reruns', JSON.stringify(reruns.map((r) => ({ failures: r.failures, errors: r.errors, due: r.dueShipments, n: r.notificationsEnqueued }))));
      // Assess
      const all = await listAll();
      expect(atKill.length).toBeLessThan(600);
      expect(all).toHaveLength(600);
      expect(new Set(all.map((n) => n.orderId)).size).toBe(600);
      expect(new Set(all.map((n) => n.incidentId)).size).toBe(1);
      expect(all.every((n) => n.enqueuedAt)).toBe(true);
      const open = (await svc.parts.stall.alerts.list('open', { limit: 10 })).items;
      expect(open).toHaveLength(1);
    } finally {
      await svc.stop();
    }
  }, 240_000);
});
