import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createServer, type Server } from 'node:net';
import { SQSClient } from '@aws-sdk/client-sqs';
import { standardSigner } from '../../events/signers/standard.ts';
import { loadSamples } from '../../events/samples.ts';
import { SqsQueue } from '../../lib/platform/queue/sqs-queue.ts';
import { countingHandler, post } from '../helpers/deliveries.ts';
import { eventually, startTestService } from '../helpers/service.ts';

const counter = countingHandler();
let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService({ wrapHandleEvents: counter.wrap });
});
afterAll(async () => svc?.stop());

describe('hostile requests', () => {
  it('a deeply nested body within the size limit gets a clear 4xx/202, never a 5xx, and the process stays up', async () => {
    const deep = Buffer.from(`${'['.repeat(120_000)}${']'.repeat(120_000)}`);
    for (const d of [standardSigner.sign(deep), standardSigner.unsign(standardSigner.sign(deep))]) {
      const res = await post(svc.url, 'standard', d);
      expect(res.status).toBeLessThan(500);
      expect([202, 400, 401]).toContain(res.status);
    }
    expect((await fetch(`${svc.url}/health`)).status).toBe(200);
  });

  it('a slow-loris client that never finishes its headers is cut off', async () => {
    const port = Number(new URL(svc.url).port);
    const closedAfter = await new Promise<number>((resolve) => {
      const started = Date.now();
      const socket = connect(port, '127.0.0.1', () => socket.write('POST /webhooks/standard HTTP/1.1\r\nHost: x\r\n'));
      const drip = setInterval(() => socket.write('X-Slow: 1\r\n'), 500);
      socket.on('close', () => {
        clearInterval(drip);
        resolve(Date.now() - started);
      });
      socket.on('error', () => undefined);
    });
    expect(closedAfter).toBeLessThan(15_000);
  }, 30_000);

  it('every error body carries the request id, which is also the x-request-id header', async () => {
    const res = await fetch(`${svc.url}/webhooks/standard`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const body = (await res.json()) as { error: { requestId: string } };
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  });
});

describe('dependency faults', () => {
  let blackhole: Server;
  afterAll(() => blackhole?.close());

  it('a queue that accepts connections but never answers turns into a 503 within the providers’ 5 s', async () => {
    // Prepare: the ack path's queue client points at a TCP server that swallows requests
    blackhole = createServer((s) => s.on('data', () => undefined));
    await new Promise<void>((r) => blackhole.listen(0, '127.0.0.1', () => r()));
    const { port } = blackhole.address() as { port: number };
    const slow = new SQSClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 2, requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 } });
    const original = svc.parts.acceptDeps.queue;
    svc.parts.acceptDeps.queue = new SqsQueue(slow, svc.queueUrls.ingest);
    try {
      const started = Date.now();
      const res = await post(svc.url, 'standard', standardSigner.sign(loadSamples('standard')[0]!.body, { deliveryId: 'msg_slow_1' }));
      expect(res.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      svc.parts.acceptDeps.queue = original;
    }
  });

  it('DynamoDB throttling makes the worker retry with backoff, then succeed without manual steps', async () => {
    // Prepare: the next 2 DynamoDB calls of the worker fail as throttled (a longer outage than the
    // queue's max receives parks the message in the DLQ, tested in intake-reliability)
    let failures = 2;
    svc.parts.clients.dynamo.middlewareStack.add(
      (next) => async (args) => {
        if (failures > 0) {
          failures--;
          throw Object.assign(new Error('Rate of requests exceeds the allowed throughput'), { name: 'ProvisionedThroughputExceededException', $retryable: { throttling: true } });
        }
        return next(args);
      },
      { step: 'initialize', name: 'throttle' },
    );
    const d = standardSigner.sign(loadSamples('standard')[1]!.body, { deliveryId: 'msg_throttled_1' });
    // Act
    expect((await post(svc.url, 'standard', d)).status).toBe(200);
    // Assess: processed after the throttling passes
    await eventually(async () => (await svc.parts.rawEvents.get('standard', 'msg_throttled_1'))?.state === 'done', 'processed after throttling', 30_000);
    expect(failures).toBe(0);
    expect(counter.seen.get('standard:msg_throttled_1:0')).toBeGreaterThanOrEqual(1);
    svc.parts.clients.dynamo.middlewareStack.remove('throttle');
  }, 40_000);
});
