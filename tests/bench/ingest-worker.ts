import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageBatchCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { loadConfig } from '../../lib/platform/config.ts';
import { ensureQueues } from '../../lib/local/bootstrap.ts';
import { startQueuePoller } from '../../lib/local/queue-poller.ts';
import { startService } from '../../lib/local/service.ts';
import { createIngestHandler } from '../../lib/intake/ingest-handler.ts';
import type { Logger } from '../../lib/platform/logger.ts';
import type { IngestMessage } from '../../lib/intake/ingest-message.ts';
import type { CanonicalEvent } from '../../lib/canonical/canonical.ts';

export type EventKind = 'new_complaint' | 'timeline_append' | 'tracking_update';

/** Canonical events of one kind, each in its own ingest message (what the ack path enqueues). */
export function messagesOf(kind: EventKind, n: number, run: string): IngestMessage[] {
  const t0 = Date.parse('2026-11-20T00:00:00Z');
  return Array.from({ length: n }, (_, i) => {
    const at = new Date(t0 + i * 1000).toISOString();
    const order = kind === 'timeline_append' ? `B-${run}-ORDER-${i % 50}` : `B-${run}-ORDER-${i}`;
    const body =
      kind === 'tracking_update'
        ? { type: 'tracking.updated' as const, timestamp: at, data: { carrier: 'sf-express', trackingNumber: `SF-${run}-${i % 200}`, status: 'in_transit' as const, occurredAt: at, location: 'Shenzhen' } }
        : kind === 'timeline_append'
          ? { type: 'aftersale.updated' as const, timestamp: at, data: { orderId: order, requestId: `R-${order}`, status: 'approved', note: `update ${i}` } }
          : { type: 'aftersale.requested' as const, timestamp: at, data: { orderId: order, requestId: `R-${order}`, type: 'return_refund' as const, reason: '尺码不对 size too small', amount: { value: 199, currency: 'CNY' } } };
    const id = `bench-${run}-${kind}-${i}`;
    const event = { ...body, id: `standard:${id}:0`, provider: 'standard', sourceEventType: body.type, occurredAt: at, receivedAt: at } as CanonicalEvent;
    return { v: 1, provider: 'standard', deliveryId: id, receivedAt: at, headers: {}, body: { encoding: 'utf8', data: JSON.stringify(body) }, outcome: 'accepted', events: [event] };
  });
}

async function enqueue(sqs: SQSClient, url: string, msgs: unknown[]) {
  for (let i = 0; i < msgs.length; i += 10) {
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: msgs.slice(i, i + 10).map((m, j) => ({ Id: String(j), MessageBody: JSON.stringify(m) })) }));
  }
}

async function drain(sqs: SQSClient, url: string, handler: (e: SQSEvent) => Promise<SQSBatchResponse>, logger: Logger) {
  const started = performance.now();
  const pollers = Array.from({ length: 2 }, () => startQueuePoller({ sqs, queueUrl: url, handler, logger, name: 'bench', waitSeconds: 0 }));
  for (;;) {
    const a = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    if (Number(a.Attributes?.ApproximateNumberOfMessages) + Number(a.Attributes?.ApproximateNumberOfMessagesNotVisible) === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const ms = performance.now() - started;
  await Promise.all(pollers.map((p) => p.stop()));
  return ms;
}

/**
 * Events/s of the real ingest worker against a consumer doing one conditional PutItem per message,
 * same queue setup, same table. (Write and read units per webhook type come from the
 * consumed-capacity section, webhook-units-child.ts.)
 */
/**
 * Shares of each kind: `complaint-heavy` half new complaints (the harness's first measure), and the
 * realistic mix's load by kind (webhooks.ts MIXES.realistic: courier scans, exceptions and order.shipped
 * are shipment writes here, requests and exceptions open complaints, updates and refunds append;
 * ignored topics, 5 %, count as shipment-cheap).
 */
export const INGEST_MIXES = {
  'complaint-heavy': { new_complaint: 0.5, tracking_update: 0.5, timeline_append: 0 },
  realistic: { new_complaint: 0.075, tracking_update: 0.815, timeline_append: 0.11 },
} satisfies Record<string, Record<EventKind, number>>;

export async function measureIngest(endpoints: { dynamo: string; sqs: string }, n: number, mix: keyof typeof INGEST_MIXES = 'complaint-heavy') {
  const config = loadConfig({ TABLE_NAME: `bench-ingest-${Date.now()}`, DYNAMODB_ENDPOINT: endpoints.dynamo, SQS_ENDPOINT: endpoints.sqs, LOG_LEVEL: 'SILENT', STAGE: 'local' });
  const svc = await startService({ config, port: 0, roles: { api: false, workers: false, scanner: false } });
  try {
    const { clients, logger } = svc.parts;
    const base = await ensureQueues(clients.sqs, `${config.TABLE_NAME}-base`);
    const baselineHandler = async (e: SQSEvent): Promise<SQSBatchResponse> => {
      await Promise.all(e.Records.map((r) => clients.ddb.send(new PutCommand({ TableName: config.TABLE_NAME, Item: { pk: `BASE#${r.messageId}`, sk: 'X', body: r.body }, ConditionExpression: 'attribute_not_exists(pk)' }))));
      return { batchItemFailures: [] };
    };
    const handler = createIngestHandler({ rawEvents: svc.parts.rawEvents, handleEvents: svc.parts.handleEvents, now: svc.parts.now, logger: svc.parts.logger });
    const shares = Object.entries(INGEST_MIXES[mix]) as [EventKind, number][];
    // Interleaved, as a real queue holds them; the baseline drains the very same messages.
    const byKind = shares.map(([kind, share]) => messagesOf(kind, Math.round(n * share), mix));
    const mixed = byKind.flatMap((msgs, k) => msgs.map((m, i) => ({ m, at: (i + 0.5) / msgs.length + k * 1e-9 }))).sort((a, b) => a.at - b.at).map((x) => x.m);
    await enqueue(clients.sqs, base.ingest, mixed);
    const baseMs = await drain(clients.sqs, base.ingest, baselineHandler, logger);
    await enqueue(clients.sqs, svc.queueUrls.ingest, mixed);
    const oursMs = await drain(clients.sqs, svc.queueUrls.ingest, handler, logger);
    return { oursEventsPerS: (mixed.length / oursMs) * 1000, baselineEventsPerS: (mixed.length / baseMs) * 1000, oursMs, baseMs };
  } finally {
    await svc.stop();
  }
}
