import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { standardSigner } from '../../events/signers/standard.ts';
import { createAwsClients } from '../../lib/platform/aws-clients.ts';
import { RawEventStore } from '../../lib/intake/raw-event-store.ts';
import { freePort } from '../../lib/local/net.ts';
import { post } from '../helpers/deliveries.ts';
import { eventually, uniqueName } from '../helpers/service.ts';

/**
 * Issue 18: `npm start -- --persist` killed with -9 right after 1,500 × 200 lost 1,179 deliveries, because the
 * embedded queue lives in that process's memory. Here `lib/local/main.ts` runs as `npm start` does,
 * with its embedded fauxqs (DynamoDB is the shared test instance, so the test can count what was
 * processed), is SIGKILLed right after acking N deliveries, and started again on the same data dir.
 */
const ROOT = join(import.meta.dirname, '../..');
const N = 400;
const children: ChildProcess[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'hub-durability-'));
afterAll(() => {
  children.forEach((c) => c.kill('SIGKILL'));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('local durability', () => {
  it('acknowledged deliveries survive a SIGKILL of npm start: after the restart all N are processed', async () => {
    const table = uniqueName('durable');
    const port = await freePort();
    const env = {
      ...process.env,
      PORT: String(port),
      TABLE_NAME: table,
      DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
      SQS_ENDPOINT: '', // embedded fauxqs: the queue lives in the child's memory
      API_TOKEN: '',
      // The test signs with the documented local default secret.
      WEBHOOK_SECRET_STANDARD: '',
      WEBHOOK_SECRETS_ID: '',
      LOG_LEVEL: 'SILENT',
      STAGE: 'local',
      LOCAL_QUEUE_VISIBILITY_SECONDS: '5',
      LOCAL_QUEUE_MAX_RECEIVE_COUNT: '3',
      STALL_SCAN_INTERVAL_SECONDS: '3600',
    };
    const start = async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'lib/local/main.ts'), '--persist', dataDir], { env, cwd: ROOT, stdio: 'ignore' });
      children.push(child);
      await eventually(async () => (await fetch(`http://127.0.0.1:${port}/health`)).status === 200, 'npm start ready', 60_000);
      return child;
    };
    const url = `http://127.0.0.1:${port}`;
    const raw = new RawEventStore(createAwsClients({ AWS_REGION: 'us-east-1', DYNAMODB_ENDPOINT: inject('dynamoEndpoint') }).ddb, table, { ttlDays: 30 });
    const ids = Array.from({ length: N }, (_, i) => `durable-${i}`);
    // 25 reads at a time: 400 at once would queue on DynamoDB Local past the client's connect timeout.
    const done = async () => {
      let n = 0;
      for (let i = 0; i < ids.length; i += 25) n += (await Promise.all(ids.slice(i, i + 25).map((id) => raw.get('standard', id)))).filter((r) => r?.state === 'done').length;
      return n;
    };

    // Act: N deliveries acked, then the process dies without warning
    const first = await start();
    let next = 0;
    await Promise.all(
      Array.from({ length: 25 }, async () => {
        while (next < N) {
          const i = next++;
          const body = { type: 'complaint.reported', timestamp: '2026-11-20T10:00:00Z', data: { orderId: `DUR-${i}`, channel: 'chat', text: `durability ${i}` } };
          const res = await post(url, 'standard', standardSigner.sign(Buffer.from(JSON.stringify(body)), { deliveryId: ids[i] }));
          expect(res.status, res.body).toBe(200);
        }
      }),
    );
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = await done();
    expect(atKill).toBeLessThan(N); // really killed with work outstanding

    // Assess: a new start on the same data finishes every acknowledged delivery
    await start();
    await eventually(async () => (await done()) === N, `all ${N} processed after the restart (${atKill} were done at the kill)`, 120_000);
  }, 240_000);
});
