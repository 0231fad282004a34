/**
 * Child process of the benchmark: the embedded stack plus two HTTP servers on it, so load
 * generation (in the parent) never shares an event loop with the code under test.
 *  - ours:     the real app, API role only (POST /webhooks/:provider)
 *  - baseline: a bare Hono route doing exactly one SendMessage of the request body
 * It also counts the SDK round trips the ack path makes, via client middleware.
 */
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../lib/platform/config.ts';
import { createAwsClients } from '../../lib/platform/aws-clients.ts';
import { ensureQueues } from '../../lib/local/bootstrap.ts';
import { startDynamoDbLocal } from '../../lib/local/dynamodb-local.ts';
import { startSqsLocal } from '../../lib/local/sqs-local.ts';
import { startService } from '../../lib/local/service.ts';

const [dynamo, sqs] = await Promise.all([startDynamoDbLocal(), startSqsLocal()]);
const config = loadConfig({ TABLE_NAME: 'bench-ack', DYNAMODB_ENDPOINT: dynamo.endpoint, SQS_ENDPOINT: sqs.endpoint, LOG_LEVEL: 'SILENT', STAGE: 'local' });
const ours = await startService({ config, port: 0, roles: { api: true, workers: false, scanner: false } });

let roundTrips = 0;
const countRoundTrips = <A, R>(next: (args: A) => Promise<R>) => async (args: A) => {
  roundTrips++;
  return next(args);
};
ours.parts.clients.sqs.middlewareStack.add(countRoundTrips, { step: 'initialize', name: 'countRoundTrips' });
ours.parts.clients.dynamo.middlewareStack.add(countRoundTrips, { step: 'initialize', name: 'countRoundTrips' });

const baselineClients = createAwsClients(config);
const baselineQueues = await ensureQueues(baselineClients.sqs, 'bench-baseline');
const app = new Hono();
app.post('/webhooks/:provider', async (c) => {
  const body = await c.req.text();
  await baselineClients.sqs.send(new SendMessageCommand({ QueueUrl: baselineQueues.ingest, MessageBody: body }));
  return c.json({ received: true });
});
const baseline = await new Promise<ReturnType<typeof serve>>((resolve) => {
  const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
});

process.on('message', (m: { cmd: string }) => {
  if (m.cmd === 'roundTrips') process.send!({ roundTrips });
  if (m.cmd === 'reset') {
    roundTrips = 0;
    process.send!({ ok: true });
  }
  if (m.cmd === 'stop') {
    void Promise.allSettled([ours.stop(), sqs.stop(), dynamo.stop()]).then(() => process.exit(0));
  }
});
process.send!({ ours: ours.url, baseline: `http://127.0.0.1:${(baseline.address() as AddressInfo).port}` });
