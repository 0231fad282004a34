/**
 * Cost per million webhooks, every component from a measured quantity times a published price.
 *
 * Prices: us-east-1, on-demand, arm64 Lambda, Standard table class / log class, checked 2026-12-01:
 *  - DynamoDB on-demand $0.625 per million write request units, $0.125 per million read request
 *    units (after the Nov 2024 price cut), storage $0.25/GB-month past the free 25 GB, continuous
 *    backups (PITR) $0.20/GB-month of table data
 *    (aws.amazon.com/dynamodb/pricing/; airbyte.com/data-engineering-resources/dynamodb-pricing).
 *  - Lambda $0.20 per million requests, arm64 $0.0000133334 per GB-s (first tier)
 *    (aws.amazon.com/lambda/pricing/; cloudchipr.com/blog/aws-lambda-pricing).
 *  - SQS standard $0.40 per million requests, each 64 KB chunk of a payload one request, empty
 *    receives billed (cloudburn.io/blog/amazon-sqs-pricing; factualminds.com SQS 64 KB rule).
 *  - API Gateway HTTP API $1.00 per million requests (first 300 M), metered per 512 KB
 *    (docs.aws.amazon.com whitepaper "best-practices-api-gateway-private-apis-integration", cost optimization).
 *  - CloudWatch Logs ingestion $0.50/GB (Standard class) (c3x.dev/blog/cloudwatch-logs-cost-optimization).
 *  - Amazon Data Firehose (audit bodies): Direct PUT ingestion $0.029/GB, each record rounded up to
 *    the next 5 KB ("a 3KB record is billed as 5KB"); dynamic partitioning $0.020 per GB delivered,
 *    $0.005 per 1,000 S3 objects delivered, $0.07 per JQ processing hour
 *    (aws.amazon.com/firehose/pricing/; shigemk2.com 2022-01-12 on the per-record rounding).
 *  - S3 Standard: PUT $0.005 per 1,000 requests (each object Firehose writes), storage $0.023/GB-month
 *    (aws.amazon.com/s3/pricing/).
 *  - X-Ray: $5.00 per million traces recorded; Lambda's active tracing samples 1 request per second
 *    and 5% of the rest, not configurable per function (aws.amazon.com/xray/pricing/;
 *    docs.aws.amazon.com/lambda/latest/dg/services-xray.html).
 * Free tiers are left out on purpose: the figure is the marginal price of a webhook.
 */
import { imageSize, sumUnits, type Units } from './capacity.ts';
import { loadConfig } from '../../lib/platform/config.ts';
import { firehoseBilling } from '../../lib/intake/audit/firehose-records.ts';
import type { AuditRecord } from '../../lib/intake/audit/audit-sink.ts';
import type { TypeResult } from './webhook-units.ts';
import type { Mix, WebhookType } from './webhooks.ts';

export const PRICES = {
  region: 'us-east-1',
  checked: '2026-12-01',
  lambdaPerMillionRequests: 0.2,
  lambdaArmPerGbSecond: 0.0000133334,
  httpApiPerMillionRequests: 1.0,
  sqsPerMillionRequests: 0.4,
  dynamoPerMillionWriteUnits: 0.625,
  dynamoPerMillionReadUnits: 0.125,
  dynamoStoragePerGbMonth: 0.25,
  /** Point-in-time recovery (the stack enables it): per GB-month of table data, GSIs not included. */
  dynamoPitrPerGbMonth: 0.2,
  logsIngestionPerGb: 0.5,
  firehoseIngestPerGb: 0.029,
  firehosePartitioningPerGb: 0.02,
  firehosePerThousandObjects: 0.005,
  firehoseJqPerHour: 0.07,
  s3PutPerThousand: 0.005,
  s3StoragePerGbMonth: 0.023,
  xrayPerMillionTraces: 5.0,
  /** CloudWatch: custom metrics $0.30 per metric-month (first 10,000), standard alarms $0.10 per alarm-month (aws.amazon.com/cloudwatch/pricing/). */
  cloudwatchPerMetricMonth: 0.3,
  cloudwatchPerAlarmMonth: 0.1,
  /** Secrets Manager $0.40 per secret-month (aws.amazon.com/secrets-manager/pricing/). */
  secretPerMonth: 0.4,
} as const;

/**
 * Deployment facts the model needs, mirrored from cdk/aftersales-stack.ts (the stack inlines them;
 * importing the CDK app here would cost seconds): memory of the two hot functions, the ingest
 * event source's batch size.
 */
export const DEPLOYED = {
  webhookApiMemoryMb: 512,
  ingestWorkerMemoryMb: 1769,
  stallScannerMemoryMb: 512,
  ingestBatchSize: 10,
  /** The ingest event source's maxConcurrency default (cdk/context.ts, `-c ingestMaxConcurrency`). */
  ingestMaxConcurrency: 100,
  stallScanIntervalMinutes: 5,
  /** Queues with a Lambda event source (ingest, notify): each is long-polled while idle. */
  polledQueues: 2,
  /** The audit stream's buffering interval (context `auditBufferSeconds`). */
  auditBufferSeconds: 300,
  /** Whether webhook-api and ingest-worker have X-Ray active tracing (context `tracing=all`); the scanner always has. */
  tracedPerWebhook: false,
  /** What is billed by the month whatever the traffic: the stack's alarms and secrets (held to the template by tests/cdk), the custom metrics the code publishes (lib/logistics/stall-metrics.ts: 5, functions/stall-scanner: SlaBreach; one dimension each). */
  alarms: 10,
  secrets: 2,
  customMetrics: 6,
} as const;

/**
 * What this machine cannot measure, stated, not hidden:
 *  - Lambda gives a function memory/1769 of a vCPU, so CPU measured here on a full core takes
 *    1769/memory times as long there (same core speed assumed);
 *  - in-region round trips, which the emulators do not reproduce: DynamoDB ~4 ms, SQS ~8 ms;
 *  - Lambda's own log lines per invocation (START, END, REPORT) and one API access-log line per
 *    request in the stack's JSON standard-fields format; CloudWatch adds 26 bytes per log event;
 *  - an idle SQS event source keeps 5 long polls of 20 s open per queue (empty receives, billed);
 *  - a moving parcel's courier events come every 12 h on average (pickup, hub in and out, out for
 *    delivery are hours apart; 12 h is the slow end, which refiles more often): the scanner then
 *    refiles its stall entry once per threshold period, i.e. once every 48 / 12 = 4 scans;
 *  - Firehose's JQ time per record (jqMsPerRecord); the audit objects' gzip ratio is measured on the
 *    bench's own records (a few of one type per object: real 300 s objects hold thousands and
 *    compress better).
 */
export const ASSUMED = {
  fullVcpuMemoryMb: 1769,
  dynamoRoundTripMs: 4,
  sqsRoundTripMs: 8,
  logEventOverheadBytes: 26,
  lambdaPlatformLines: [
    'START RequestId: 5f6f8a9e-3c1b-4d2a-9e7f-0a1b2c3d4e5f Version: $LATEST',
    'END RequestId: 5f6f8a9e-3c1b-4d2a-9e7f-0a1b2c3d4e5f',
    'REPORT RequestId: 5f6f8a9e-3c1b-4d2a-9e7f-0a1b2c3d4e5f\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 512 MB\tMax Memory Used: 118 MB',
  ],
  accessLogLine: JSON.stringify({ requestId: 'Qx1AbCdEfGhIJkL=', ip: '203.0.113.7', requestTime: '01/Dec/2026:18:30:00 +0000', httpMethod: 'POST', routeKey: 'POST /webhooks/{provider}', status: '200', protocol: 'HTTP/1.1', responseLength: '39' }),
  idlePollsPerQueuePerDay: 5 * 3 * 60 * 24,
  courierScanIntervalHours: 12,
  /** Firehose's JQ evaluation of the two-key partition query per record (not published; generous). */
  jqMsPerRecord: 0.05,
} as const;

/** Stall-entry refiles per courier scan (lib/logistics/shipment-rules.ts, `stallEntryFor`), at the default threshold. */
export const refilesPerCourierScan = () => ASSUMED.courierScanIntervalHours / loadConfig({}).STALL_THRESHOLD_HOURS;

/** A webhook type's write and read units with its share of the scanner's refile of the stall entry it kept (courier scans). */
export function unitsWithRefile(r: TypeResult): { writes: Units; reads: Units } {
  const share = refilesPerCourierScan();
  return r.refile ? { writes: sumUnits(r.writes, r.refile.writes, share), reads: sumUnits(r.reads, r.refile.reads, share) } : { writes: r.writes, reads: r.reads };
}

export interface Components {
  apiGateway: number;
  lambdaRequests: number;
  lambdaCompute: number;
  sqs: number;
  dynamoWrites: number;
  dynamoReads: number;
  logs: number;
  storage: number;
  /** Audit bodies: Firehose ingestion (5 KB rounding per record), partitioning, JQ, S3 storage. */
  audit: number;
  /** X-Ray traces of the per-webhook functions (none unless `tracing=all`). */
  tracing: number;
  /** Periodic work (SLA sweep, stall scan, idle polling) spread over the stream's webhooks. */
  periodic: number;
}
export interface CostLine extends Components {
  total: number;
}

/** Quantities per webhook that the prices multiply. */
export interface PerWebhook {
  apiRequests: number;
  lambdaInvocations: number;
  gbSeconds: number;
  sqsRequests: number;
  writeUnits: number;
  readUnits: number;
  logBytes: number;
  storageGbMonths: number;
  tableGbMonths: number;
  /** Firehose: billed (rounded) bytes, delivered bytes, records partitioned; S3: stored GB-months. */
  auditBilledBytes: number;
  auditBytes: number;
  auditRecords: number;
  auditGbMonths: number;
  traces: number;
}

const GB = 1024 ** 3;
const cpuScale = (memoryMb: number) => Math.max(1, ASSUMED.fullVcpuMemoryMb / memoryMb);
const logEvent = (bytes: number) => bytes + ASSUMED.logEventOverheadBytes;
const platformLogBytes = ASSUMED.lambdaPlatformLines.reduce((a, l) => a + logEvent(l.length + 1), 0);
const chunks = (bytes: number) => Math.max(1, Math.ceil(bytes / (64 * 1024)));

export interface StorageFacts {
  /** GB-months a webhook of this type leaves: raw record × TTL, other items one month each. */
  gbMonths: number;
  /** The same without the GSI copies: what point-in-time recovery is billed on. */
  tableGbMonths: number;
}

/**
 * Storage a webhook leaves behind, from the images of what it wrote: each item once in the table
 * and once per GSI whose key it carries (projection ALL: whole item; otherwise keys only), plus
 * DynamoDB's 100 bytes per item and index entry. Updates count the growth, not the whole item.
 */
export function storageOf(r: TypeResult, projections: Record<string, { type: string; attributes?: string[] }>, ttlDays: number): StorageFacts {
  let gbMonths = 0;
  let tableGbMonths = 0;
  const stored = (img: Record<string, unknown> | undefined, withIndexes = true) => {
    if (!img) return 0;
    const size = imageSize(img);
    let bytes = size + 100;
    if (!withIndexes) return bytes;
    for (const [ix, p] of Object.entries(projections)) {
      if (img[`${ix}pk`] === undefined) continue;
      bytes += (p.type === 'ALL' ? size : 120) + 100;
    }
    return bytes;
  };
  for (const s of r.samples) {
    for (const w of s.log) {
      const months = w.entity === 'EVT' ? ttlDays / 30.44 : 1;
      gbMonths += ((stored(w.post) - stored(w.pre)) / GB) * months;
      tableGbMonths += ((stored(w.post, false) - stored(w.pre, false)) / GB) * months;
    }
  }
  const n = Math.max(1, r.samples.length);
  return { gbMonths: gbMonths / n, tableGbMonths: tableGbMonths / n };
}

/**
 * Worker time per message in a batch: the records run in parallel (Powertools BatchProcessor), so
 * their CPU adds up on the one vCPU share and their DynamoDB waits overlap.
 */
export const workerMsPerMessage = (cpu: number, roundTrips: number, batch: number, memoryMb: number = DEPLOYED.ingestWorkerMemoryMb) =>
  cpu * cpuScale(memoryMb) + (roundTrips * ASSUMED.dynamoRoundTripMs) / batch;

/** Share of invocations Lambda's active tracing records at a steady rate: 1 a second, then 5% of the rest. */
export const sampledShare = (perSecond: number) => Math.min(1, (1 + 0.05 * Math.max(0, perSecond - 1)) / perSecond);

/** X-Ray traces per webhook if webhook-api and ingest-worker are traced: each request, and each worker invocation of `batch`. */
export const tracesPerWebhook = (batch: number, perSecond: number) => sampledShare(perSecond) + sampledShare(perSecond / batch) / batch;

/**
 * Firehose bytes billed per delivery when a batch of `batch` such audit records is put together:
 * the sink's own packing (firehose-records.ts joins them into few records, each rounded up to 5 KB).
 */
export function firehoseBilledBytes(sample: AuditRecord | undefined, batch: number): number {
  return sample ? firehoseBilling(Array.from({ length: batch }, () => sample)).billedBytes / batch : 0;
}

/** Per-webhook quantities of one type, ours and the floor's, at a given worker batch size and rate (webhooks/s, for trace sampling). */
export function quantities(r: TypeResult, storage: StorageFacts, floorStorage: StorageFacts, batch: number, perSecond: number, ttlDays: number): { ours: PerWebhook; floor: PerWebhook } {
  const apiMs = (cpu: number) => Math.ceil(cpu * cpuScale(DEPLOYED.webhookApiMemoryMb) + ASSUMED.sqsRoundTripMs);
  const gbs = (ms: number, mb: number) => (ms / 1000) * (mb / 1024);
  const sqs = (bytes: number) => chunks(bytes) + chunks(bytes * batch) / batch + 1 / batch; // send + receive + delete batch
  const logs = (appBytes: number, appLines: number) => appBytes + appLines * ASSUMED.logEventOverheadBytes + platformLogBytes * (1 + 1 / batch) + logEvent(ASSUMED.accessLogLine.length);
  // A batch of the measured size shares its first and last request: its CPU per message was measured as such.
  const asBatch = batch === r.batched.size;
  const units = unitsWithRefile(r);
  const traces = DEPLOYED.tracedPerWebhook ? tracesPerWebhook(batch, perSecond) : 0;
  // The floor writes no audit copy: its one PutItem keeps the body (its storage counts it).
  const noAudit = { auditBilledBytes: 0, auditBytes: 0, auditRecords: 0, auditGbMonths: 0 };
  return {
    ours: {
      apiRequests: Math.ceil(r.bodyBytes / (512 * 1024)),
      lambdaInvocations: 1 + 1 / batch,
      gbSeconds: gbs(apiMs(r.cpuApiMs), DEPLOYED.webhookApiMemoryMb) + gbs(workerMsPerMessage(asBatch ? r.batched.cpuWorkerMs : r.cpuWorkerMs, r.sequentialRoundTrips, batch), DEPLOYED.ingestWorkerMemoryMb),
      sqsRequests: sqs(r.messageBytes),
      writeUnits: units.writes.total,
      readUnits: units.reads.total,
      logBytes: logs(r.logBytesApi + r.logBytesWorker, r.logLinesApi + r.logLinesWorker),
      storageGbMonths: storage.gbMonths,
      tableGbMonths: storage.tableGbMonths,
      auditBilledBytes: firehoseBilledBytes(r.auditSample, batch),
      auditBytes: r.auditBytes,
      auditRecords: r.auditBytes ? 1 : 0,
      auditGbMonths: (r.auditGzipBytes / GB) * (ttlDays / 30.44),
      traces,
    },
    floor: {
      apiRequests: Math.ceil(r.bodyBytes / (512 * 1024)),
      lambdaInvocations: 1 + 1 / batch,
      gbSeconds: gbs(apiMs(r.floor.cpuApiMs), DEPLOYED.webhookApiMemoryMb) + gbs(workerMsPerMessage(asBatch ? r.batched.floorCpuWorkerMs : r.floor.cpuWorkerMs, 1, batch), DEPLOYED.ingestWorkerMemoryMb),
      sqsRequests: sqs(r.floor.messageBytes),
      writeUnits: r.floor.writes.total,
      readUnits: 0,
      logBytes: logs(0, 0),
      storageGbMonths: floorStorage.gbMonths,
      tableGbMonths: floorStorage.tableGbMonths,
      ...noAudit,
      traces: 0,
    },
  };
}

export function price(q: PerWebhook, periodicPerWebhook = 0): CostLine {
  const m = 1_000_000;
  const parts: Components = {
    apiGateway: q.apiRequests * PRICES.httpApiPerMillionRequests,
    lambdaRequests: q.lambdaInvocations * PRICES.lambdaPerMillionRequests,
    lambdaCompute: q.gbSeconds * m * PRICES.lambdaArmPerGbSecond,
    sqs: q.sqsRequests * PRICES.sqsPerMillionRequests,
    dynamoWrites: q.writeUnits * PRICES.dynamoPerMillionWriteUnits,
    dynamoReads: q.readUnits * PRICES.dynamoPerMillionReadUnits,
    logs: ((q.logBytes * m) / GB) * PRICES.logsIngestionPerGb,
    storage: q.storageGbMonths * m * PRICES.dynamoStoragePerGbMonth + q.tableGbMonths * m * PRICES.dynamoPitrPerGbMonth,
    audit:
      ((q.auditBilledBytes * m) / GB) * PRICES.firehoseIngestPerGb +
      ((q.auditBytes * m) / GB) * PRICES.firehosePartitioningPerGb +
      ((q.auditRecords * m * ASSUMED.jqMsPerRecord) / 3.6e6) * PRICES.firehoseJqPerHour +
      q.auditGbMonths * m * PRICES.s3StoragePerGbMonth,
    tracing: (q.traces * m * PRICES.xrayPerMillionTraces) / 1e6,
    periodic: periodicPerWebhook * m,
  };
  return { ...parts, total: Object.values(parts).reduce((a, b) => a + b, 0) };
}

export function mixOf<T extends Record<string, number>>(mix: Mix, per: Partial<Record<WebhookType, T>>): T {
  const total = Object.values(mix).reduce((a, b) => a + (b ?? 0), 0);
  const out: Record<string, number> = {};
  for (const [t, share] of Object.entries(mix) as [WebhookType, number][]) {
    for (const [k, v] of Object.entries(per[t] ?? {})) out[k] = (out[k] ?? 0) + (v * share) / total;
  }
  return out as T;
}

/**
 * S3 objects the audit stream writes a day: one per provider-hour partition that received a record
 * in a buffering window (Firehose flushes each partition's buffer separately), with Poisson arrivals
 * at the day's mean rate; the hour boundary splits one window an hour.
 */
export function auditObjectsPerDay(webhooksPerDay: number, providerShares: Record<string, number>): number {
  const windows = 86_400 / DEPLOYED.auditBufferSeconds + 24;
  return Object.values(providerShares).reduce((a, share) => a + windows * (1 - Math.exp(-(webhooksPerDay * share) / windows)), 0);
}

/** Dollars per day of the work that runs whatever the traffic, from the measured sweep reads, at a stream of `webhooksPerDay`. */
export function periodicPerDay(o: { readUnitsPerSweep: number; cpuMsPerSweep: number; webhooksPerDay: number; auditProviderShares: Record<string, number> }) {
  const runs = (24 * 60) / DEPLOYED.stallScanIntervalMinutes;
  const ms = Math.ceil(o.cpuMsPerSweep * cpuScale(DEPLOYED.stallScannerMemoryMb));
  const reads = runs * o.readUnitsPerSweep * (PRICES.dynamoPerMillionReadUnits / 1e6);
  const lambda = runs * (PRICES.lambdaPerMillionRequests / 1e6 + (ms / 1000) * (DEPLOYED.stallScannerMemoryMb / 1024) * PRICES.lambdaArmPerGbSecond);
  // The scanner is traced, and a run every few minutes is always the first of its second: every run is recorded.
  const tracing = runs * (PRICES.xrayPerMillionTraces / 1e6);
  const polling = DEPLOYED.polledQueues * ASSUMED.idlePollsPerQueuePerDay * (PRICES.sqsPerMillionRequests / 1e6);
  const auditObjects = auditObjectsPerDay(o.webhooksPerDay, o.auditProviderShares) * ((PRICES.firehosePerThousandObjects + PRICES.s3PutPerThousand) / 1000);
  const monthly = (DEPLOYED.customMetrics * PRICES.cloudwatchPerMetricMonth + DEPLOYED.alarms * PRICES.cloudwatchPerAlarmMonth + DEPLOYED.secrets * PRICES.secretPerMonth) / 30.44;
  return { reads, lambda, tracing, polling, auditObjects, monthly, total: reads + lambda + tracing + polling + auditObjects + monthly };
}
