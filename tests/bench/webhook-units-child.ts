/**
 * Child of the benchmark (section 1). Runs each webhook type through the real path on the embedded
 * stack (emulators live in the parent, so `process.cpuUsage()` here counts only the handlers and
 * their SDK clients) and reports per webhook type:
 *  - DynamoDB read/write units from DynamoDB's consumed-capacity reports, table and each GSI;
 *  - calls and sequential round trips, items read, item sizes written, every write's images;
 *  - CPU time of the webhook-api request and of the ingest handler;
 *  - bytes the service logged (stdout, at the deployed level INFO) on each side;
 *  - the ingest message size (SQS bills per 64 KB chunk);
 *  - the floor: a bare route that enqueues the body + a consumer doing one conditional PutItem of
 *    it, measured the same way on the same deliveries.
 * Instances are interleaved across types so machine noise falls on all of them alike.
 */
import { Hono } from 'hono';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { ensureQueues } from '../../lib/local/bootstrap.ts';
import type { IngestMessage } from '../../lib/intake/ingest-message.ts';
import { TIMELINE_PREFIX } from '../../lib/platform/table/keys.ts';
import { sumUnits, type Units, type Usage, type WriteRecord } from './capacity.ts';
import { benchStack } from './stack.ts';
import { DEPLOYED } from './cost.ts';
import { scenario, WEBHOOK_TYPES, type Delivery, type WebhookType } from './webhooks.ts';
import { gzipSync } from 'node:zlib';
import { auditRecordOf, type AuditRecord } from '../../lib/intake/audit/audit-sink.ts';
import { auditLineOf } from '../../lib/intake/audit/firehose-records.ts';

/** What the worker writes to audit storage for a message read fresh (ingest-worker.ts): accepted deliveries only. */
const auditOf = (msg: IngestMessage): AuditRecord | undefined => (msg.outcome === 'accepted' ? auditRecordOf({ ...msg, headers: msg.headers ?? {} }) : undefined);
const providerOf = (type: WebhookType) => scenario(type, 0, 0).measured.provider;

export interface TypeResult {
  type: WebhookType;
  n: number;
  /** Means per webhook. */
  writes: Units;
  reads: Units;
  calls: number;
  sequentialRoundTrips: number;
  itemsRead: number;
  conditionalFailures: number;
  /** Index units inside transactions that DynamoDB Local reports twice and the figures count once (capacity.ts). */
  transactionIndexSurplus: number;
  cpuApiMs: number;
  cpuWorkerMs: number;
  logBytesApi: number;
  logBytesWorker: number;
  logLinesApi: number;
  logLinesWorker: number;
  messageBytes: number;
  bodyBytes: number;
  /** The provider the type's deliveries come from (audit objects are partitioned by it). */
  provider: string;
  /** The delivery's audit copy (one JSON line to Firehose; 0: none, e.g. ignored or quarantined), its gzip share in an object, and one of them as written. */
  auditBytes: number;
  auditGzipBytes: number;
  auditSample?: AuditRecord;
  /** Items written per webhook, by entity (a complaint's timeline entries apart from its record, as `TL`): how many, mean and max size (DynamoDB bytes). */
  items: Record<string, { perWebhook: number; meanBytes: number; maxBytes: number }>;
  floor: { writes: Units; cpuApiMs: number; cpuWorkerMs: number; messageBytes: number };
  /**
   * Worker CPU per message when the type's messages come as one SQS batch of `size` (the deployed
   * batch at a burst): the batch's dedup reads and done records are shared (RecordBatch), so a
   * message costs less than alone. The floor's consumer measured the same way.
   */
  batched: { size: number; cpuWorkerMs: number; floorCpuWorkerMs: number };
  /** Every write of every instance with its images, and the canonical events: the heat model's input. */
  samples: { events: IngestMessage['events']; log: WriteRecord[] }[];
  /**
   * Courier scans only: what the stall scanner spends when the entry a scan kept comes due and the
   * parcel is filed where it is due (its consistent read and the conditional update), per refile.
   */
  refile?: { writes: Units; reads: Units };
}

const n = Number(process.argv[2] ?? 10);
/** The ingest event source's batch size in the stack (held to the stack by tests/cdk). */
const BATCH_SIZE = DEPLOYED.ingestBatchSize;
const warmup = Number(process.argv[3] ?? 2);
const endpoints = { dynamo: process.env.DYNAMODB_ENDPOINT!, sqs: process.env.SQS_ENDPOINT! };

// Count what the service logs instead of printing it: Powertools writes one JSON line per entry,
// to stdout (info) or stderr (warn/error); Lambda ships both to CloudWatch Logs. Errors of this
// child travel over IPC instead.
const log = { bytes: 0, lines: 0 };
const swallow = ((chunk: string | Uint8Array) => {
  log.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
  log.lines += 1;
  return true;
}) as typeof process.stdout.write;
process.stdout.write = swallow;
process.stderr.write = swallow;

const stack = await benchStack(endpoints, 'units', { logLevel: 'INFO' });
const rec = stack.recorder;
rec.trackImages = true;
const clients = stack.svc.parts.clients;

// The floor, on the same clients and table.
const floorQueue = (await ensureQueues(clients.sqs, `${stack.tableName}-floor`)).ingest;
const floorApp = new Hono();
floorApp.post('/webhooks/:provider', async (c) => {
  await clients.sqs.send(new SendMessageCommand({ QueueUrl: floorQueue, MessageBody: await c.req.text() }));
  return c.json({ received: true });
});
const floorHandler = async (e: SQSEvent) => {
  await Promise.all(e.Records.map((r) => clients.ddb.send(new PutCommand({ TableName: stack.tableName, Item: { pk: `FLOOR#${r.messageId}`, sk: 'RAW', body: r.body }, ConditionExpression: 'attribute_not_exists(pk)' }))));
  return { batchItemFailures: [] };
};

const cpuMs = async (fn: () => Promise<unknown>) => {
  const c0 = process.cpuUsage();
  await fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};

interface Instance {
  usage: Usage;
  cpuApiMs: number;
  cpuWorkerMs: number;
  logApi: typeof log;
  logWorker: typeof log;
  messageBytes: number;
  bodyBytes: number;
  /** The audit record the worker hands its sink (none for ignored or quarantined deliveries). */
  audit?: AuditRecord;
  events: IngestMessage['events'];
  floor: { usage: Usage; cpuApiMs: number; cpuWorkerMs: number; messageBytes: number };
}

async function measureOne(d: Delivery): Promise<Instance> {
  rec.counting = false;
  const l0 = { ...log };
  let status = 0;
  const cpuApiMs = await cpuMs(async () => (status = await stack.post(d)));
  if (status >= 300) throw new Error(`${d.provider}: POST answered ${status}`);
  const logApi = { bytes: log.bytes - l0.bytes, lines: log.lines - l0.lines };
  const { event, done } = await stack.receive();
  const body = event.Records[0]!.body;
  rec.take();
  rec.counting = true;
  rec.keepLog = true;
  const l1 = { ...log };
  let failures = 0;
  const cpuWorkerMs = await cpuMs(async () => (failures = (await stack.ingest(event)).batchItemFailures.length));
  const usage = rec.take();
  rec.counting = false;
  rec.keepLog = false;
  if (failures) throw new Error(`${d.provider}: ingest failed`);
  const logWorker = { bytes: log.bytes - l1.bytes, lines: log.lines - l1.lines };
  await done();

  // The floor on the same delivery.
  const fApi = await cpuMs(async () => void (await (await floorApp.fetch(new Request(`http://bench.local/webhooks/${d.provider}`, { method: 'POST', headers: d.headers, body: new Uint8Array(d.body) }))).arrayBuffer()));
  const m = (await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: floorQueue, MaxNumberOfMessages: 1 }))).Messages![0]!;
  rec.take();
  rec.counting = true;
  const fWorker = await cpuMs(() => floorHandler({ Records: [{ messageId: m.MessageId!, body: m.Body! } as SQSEvent['Records'][number]] }));
  const floorUsage = rec.take();
  rec.counting = false;
  await clients.sqs.send(new DeleteMessageCommand({ QueueUrl: floorQueue, ReceiptHandle: m.ReceiptHandle! }));

  return {
    usage,
    cpuApiMs,
    cpuWorkerMs,
    logApi,
    logWorker,
    messageBytes: Buffer.byteLength(body),
    bodyBytes: d.body.length,
    audit: auditOf(JSON.parse(body) as IngestMessage),
    events: (JSON.parse(body) as IngestMessage).events,
    floor: { usage: floorUsage, cpuApiMs: fApi, cpuWorkerMs: fWorker, messageBytes: Buffer.byteLength(m.Body!) },
  };
}

async function round(run: number, count: number) {
  const out = new Map<WebhookType, Instance[]>(WEBHOOK_TYPES.map((t) => [t, []]));
  for (let i = 0; i < count; i++) {
    for (const type of WEBHOOK_TYPES) {
      const s = scenario(type, run, i);
      rec.counting = false;
      for (const d of s.setup) await stack.deliver(d);
      out.get(type)!.push(await measureOne(s.measured));
    }
  }
  return out;
}

/** Messages of one type posted, then received and handled as one batch; worker CPU per message, ours and the floor's. */
async function measureBatch(type: WebhookType, run: number, size: number) {
  const measured: Delivery[] = [];
  for (let i = 0; i < size; i++) {
    const s = scenario(type, run, i);
    for (const d of s.setup) await stack.deliver(d);
    measured.push(s.measured);
  }
  for (const d of measured) {
    const status = await stack.post(d);
    if (status >= 300) throw new Error(`${d.provider}: POST answered ${status}`);
  }
  const received = [];
  for (let i = 0; i < size; i++) received.push(await stack.receive());
  const event = { Records: received.flatMap((r) => r.event.Records) };
  let failures = 0;
  const ours = await cpuMs(async () => (failures = (await stack.ingest(event)).batchItemFailures.length));
  if (failures) throw new Error(`${type}: batched ingest failed`);
  for (const r of received) await r.done();

  for (const d of measured) await floorApp.fetch(new Request(`http://bench.local/webhooks/${d.provider}`, { method: 'POST', headers: d.headers, body: new Uint8Array(d.body) }));
  const floorRecords: SQSEvent['Records'] = [];
  while (floorRecords.length < size) {
    const ms = (await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: floorQueue, MaxNumberOfMessages: Math.min(10, size - floorRecords.length) }))).Messages ?? [];
    for (const m of ms) {
      floorRecords.push({ messageId: m.MessageId!, body: m.Body! } as SQSEvent['Records'][number]);
      await clients.sqs.send(new DeleteMessageCommand({ QueueUrl: floorQueue, ReceiptHandle: m.ReceiptHandle! }));
    }
  }
  const floor = await cpuMs(() => floorHandler({ Records: floorRecords }));
  return { size, cpuWorkerMs: ours / size, floorCpuWorkerMs: floor / size };
}

/**
 * The size column's row for a written item. A complaint's timeline entries share its partition
 * (`CMP#<id>`), so by entity alone their ~400 B averaged with the ~1.8 KB record into one figure
 * under 1.2 KB, which read as a record just over the 1 KB write unit.
 */
const sizeKind = (w: WriteRecord) => (w.entity === 'CMP' && w.key.sk.startsWith(TIMELINE_PREFIX) ? 'TL' : w.entity);

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const meanUnits = (us: Units[]) => us.reduce((a, u) => sumUnits(a, u, 1 / us.length), { total: 0, table: 0, gsi: {} } as Units);

try {
  await round(0, warmup); // warm the JIT and the connections; discarded
  const measured = await round(1, n);
  rec.counting = false;
  // Batches of the deployed size, twice per type (the first warms the batch path); runs 2 and 3 keep ids apart.
  const batched = new Map<WebhookType, TypeResult['batched']>();
  for (const run of [2, 3]) for (const type of WEBHOOK_TYPES) batched.set(type, await measureBatch(type, run, BATCH_SIZE));
  const results: TypeResult[] = [];
  for (const [type, xs] of measured) {
    const items: TypeResult['items'] = {};
    for (const x of xs) {
      for (const w of x.usage.log) {
        if (w.bytes === undefined) continue;
        const it = (items[sizeKind(w)] ??= { perWebhook: 0, meanBytes: 0, maxBytes: 0 });
        it.perWebhook += 1 / xs.length;
        it.meanBytes += w.bytes;
        it.maxBytes = Math.max(it.maxBytes, w.bytes);
      }
    }
    for (const it of Object.values(items)) it.meanBytes = it.meanBytes / Math.max(1e-9, it.perWebhook * xs.length);
    results.push({
      type,
      n: xs.length,
      writes: meanUnits(xs.map((x) => x.usage.writes)),
      reads: meanUnits(xs.map((x) => x.usage.reads)),
      calls: mean(xs.map((x) => x.usage.calls)),
      sequentialRoundTrips: mean(xs.map((x) => x.usage.sequentialRoundTrips)),
      itemsRead: mean(xs.map((x) => x.usage.itemsRead)),
      conditionalFailures: mean(xs.map((x) => x.usage.conditionalFailures)),
      transactionIndexSurplus: mean(xs.map((x) => x.usage.transactionIndexSurplus)),
      cpuApiMs: mean(xs.map((x) => x.cpuApiMs)),
      cpuWorkerMs: mean(xs.map((x) => x.cpuWorkerMs)),
      logBytesApi: mean(xs.map((x) => x.logApi.bytes)),
      logBytesWorker: mean(xs.map((x) => x.logWorker.bytes)),
      logLinesApi: mean(xs.map((x) => x.logApi.lines)),
      logLinesWorker: mean(xs.map((x) => x.logWorker.lines)),
      messageBytes: mean(xs.map((x) => x.messageBytes)),
      bodyBytes: mean(xs.map((x) => x.bodyBytes)),
      provider: providerOf(type),
      auditBytes: mean(xs.map((x) => (x.audit ? auditLineOf(x.audit).length + 1 : 0))),
      auditGzipBytes: xs.some((x) => x.audit) ? gzipSync(Buffer.concat(xs.flatMap((x) => (x.audit ? [auditLineOf(x.audit), Buffer.from('\n')] : [])))).length / xs.length : 0,
      auditSample: xs.find((x) => x.audit)?.audit,
      items,
      floor: {
        writes: meanUnits(xs.map((x) => x.floor.usage.writes)),
        cpuApiMs: mean(xs.map((x) => x.floor.cpuApiMs)),
        cpuWorkerMs: mean(xs.map((x) => x.floor.cpuWorkerMs)),
        messageBytes: mean(xs.map((x) => x.floor.messageBytes)),
      },
      batched: batched.get(type)!,
      samples: xs.map((x) => ({ events: x.events, log: x.usage.log })),
    });
  }
  // The courier scans kept their parcels' stall entries: refile each as the scanner will.
  const courier = results.find((r) => r.type === 'courier_update')!;
  const refiles: Usage[] = [];
  rec.trackImages = false; // units only: the images were for the heat model, which has its samples
  for (const sample of courier.samples) {
    const e = sample.events[0];
    if (e?.type !== 'tracking.updated') continue;
    rec.take();
    rec.counting = true;
    const shipments = stack.svc.parts.stall.shipments;
    const s = await shipments.get(e.data.trackingNumber);
    const ok = s && (await shipments.refile(s, new Date()));
    refiles.push(rec.take());
    rec.counting = false;
    if (!ok) throw new Error(`refile of ${e.data.trackingNumber} failed`);
  }
  courier.refile = { writes: meanUnits(refiles.map((u) => u.writes)), reads: meanUnits(refiles.map((u) => u.reads)) };
  await send({ results, projections: await stack.projections() });
} catch (err) {
  await send({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
} finally {
  await stack.stop();
}
process.exit(0);

/** Resolves once the message is handed to the channel: exiting earlier can drop a large one. */
function send(m: unknown) {
  return new Promise<void>((resolve) => process.send!(m, () => resolve()));
}
