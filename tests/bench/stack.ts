import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditFromConfig } from '../../lib/intake/audit/compose-audit.ts';
/**
 * The system under measurement, driven the way production drives it: a signed request through the
 * real Hono app (webhook-api), the message it enqueued received from the real queue, the real
 * ingest handler (ingest-worker) on it. The one place the benchmark wires lib/ together, so a lib
 * module that moves is adapted here only (the local stack composes the same parts the Lambdas do).
 */
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { loadConfig } from '../../lib/platform/config.ts';
import { startService, type RunningService } from '../../lib/local/service.ts';
import { createIngestHandler } from '../../lib/intake/ingest-handler.ts';
import { CapacityRecorder } from './capacity.ts';
import type { Delivery } from './webhooks.ts';

export type Endpoints = { dynamo: string; sqs: string };

export interface BenchStack {
  svc: RunningService;
  tableName: string;
  recorder: CapacityRecorder;
  app: RunningService['app'];
  ingest: ReturnType<typeof createIngestHandler>;
  /** POST the delivery to the app; resolves to the HTTP status. */
  post(d: Delivery): Promise<number>;
  /** Receive the one message the last POST enqueued, as the Lambda event source would hand it over. */
  receive(): Promise<{ event: SQSEvent; done: () => Promise<void> }>;
  /** post + receive + handle + delete: a delivery all the way through, nothing measured. */
  deliver(d: Delivery): Promise<void>;
  projections(): Promise<Record<string, { type: string; attributes?: string[] }>>;
  stop(): Promise<void>;
}

export async function benchStack(e: Endpoints, label: string, opts: { logLevel?: string; extraEnv?: Record<string, string> } = {}): Promise<BenchStack> {
  const tableName = `bench-${label}-${Date.now()}`;
  // Audit storage as deployed (bodies out of the dedup record): a throwaway folder stands in for Firehose → S3.
  const auditDir = mkdtempSync(join(tmpdir(), `bench-audit-${label}-`));
  const config = loadConfig({ TABLE_NAME: tableName, DYNAMODB_ENDPOINT: e.dynamo, SQS_ENDPOINT: e.sqs, LOG_LEVEL: opts.logLevel ?? 'SILENT', STAGE: 'local', AUDIT_DIR: auditDir, ...opts.extraEnv });
  const svc = await startService({ config, port: 0, roles: { api: false, workers: false, scanner: false } });
  const rt = svc.parts;
  const recorder = new CapacityRecorder().attach(rt.clients.dynamo);
  const app = svc.app;
  const ingest = createIngestHandler({ rawEvents: rt.rawEvents, handleEvents: rt.handleEvents, now: rt.now, logger: rt.logger, audit: auditFromConfig(config) });
  const queueUrl = svc.queueUrls.ingest;

  const post = async (d: Delivery) => {
    const res = await app.fetch(new Request(`http://bench.local/webhooks/${d.provider}`, { method: 'POST', headers: d.headers, body: new Uint8Array(d.body) }));
    await res.arrayBuffer();
    return res.status;
  };
  const receive = async () => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const r = await rt.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['All'] }));
      const m = r.Messages?.[0];
      if (!m) {
        await new Promise((res) => setTimeout(res, 5));
        continue;
      }
      const record: SQSRecord = {
        messageId: m.MessageId!,
        receiptHandle: m.ReceiptHandle!,
        body: m.Body!,
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: 'bench', ApproximateFirstReceiveTimestamp: String(Date.now()) },
        messageAttributes: {},
        md5OfBody: m.MD5OfBody ?? '',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:us-east-1:000000000000:${tableName}-ingest`,
        awsRegion: 'us-east-1',
      };
      return { event: { Records: [record] }, done: async () => void (await rt.clients.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle! }))) };
    }
    throw new Error('no message on the ingest queue after the POST');
  };
  const deliver = async (d: Delivery) => {
    const status = await post(d);
    if (status >= 300) throw new Error(`POST /webhooks/${d.provider} answered ${status}`);
    const { event, done } = await receive();
    const out = await ingest(event);
    if (out.batchItemFailures.length) throw new Error(`ingest failed for a ${d.provider} delivery`);
    await done();
  };
  const projections = async () => {
    const t = await rt.clients.dynamo.send(new DescribeTableCommand({ TableName: tableName }));
    return Object.fromEntries((t.Table?.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName!, { type: g.Projection?.ProjectionType ?? 'ALL', attributes: g.Projection?.NonKeyAttributes }]));
  };
  return { svc, tableName, recorder, app, ingest, post, receive, deliver, projections, stop: () => svc.stop() };
}
