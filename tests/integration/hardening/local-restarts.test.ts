import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { standardSigner } from '../../../events/signers/standard.ts';
import { freePort } from '../../../lib/local/net.ts';
import { startSqsLocal, type RunningSqs } from '../../../lib/local/sqs-local.ts';
import { post } from '../../helpers/deliveries.ts';
import { eventually, startTestService } from '../../helpers/service.ts';

/**
 * Issue 18, low: after the SQS emulator restarted, the API answered 503 until it was restarted
 * itself; a lying `Content-Length: 10 GB` waited 31 s for a 408 instead of an immediate 413.
 */
let sqs: RunningSqs;
let port: number;
let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  port = await freePort();
  sqs = await startSqsLocal({ port });
  svc = await startTestService({ env: { SQS_ENDPOINT: sqs.endpoint } });
});
afterAll(async () => {
  await svc?.stop();
  await sqs?.stop();
});

const deliver = (id: string) =>
  post(svc.url, 'standard', standardSigner.sign(Buffer.from(JSON.stringify({ type: 'complaint.reported', timestamp: '2026-11-20T10:00:00Z', data: { orderId: id, channel: 'chat', text: 'x' } })), { deliveryId: id }));
const processed = (id: string) => eventually(async () => (await svc.parts.rawEvents.get('standard', id))?.state === 'done', `${id} processed`, 30_000);

describe('the local stack survives its parts restarting', () => {
  it('after the SQS emulator restarts (its queues gone), deliveries are accepted and processed again', async () => {
    expect((await deliver('restart-before')).status).toBe(200);
    await processed('restart-before');

    await sqs.stop();
    sqs = await startSqsLocal({ port }); // same endpoint, empty: no queues

    const res = await deliver('restart-after');
    expect(res.status, res.body).toBe(200);
    await processed('restart-after');
    expect((await fetch(`${svc.url}/health`)).status).toBe(200);
  });

  it('an over-limit Content-Length is answered 413 at once, without waiting for the body', async () => {
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      let got = '';
      const s = connect(Number(new URL(svc.url).port), '127.0.0.1', () =>
        s.write('POST /webhooks/standard HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10737418240\r\n\r\n{"a":'),
      );
      s.on('data', (d) => (got += d.toString()));
      s.on('end', () => resolve(got));
      s.on('error', reject);
    });
    // Seconds, not the 30 s request timeout: the answer comes before any body is read.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('"code":"payload_too_large"');
    // And an honest request on a new connection still works.
    expect((await fetch(`${svc.url}/health`)).status).toBe(200);
  }, 40_000);
});
