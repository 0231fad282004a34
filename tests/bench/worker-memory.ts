/**
 * Child of the benchmark: one ingest worker process handles N events from its own queue (through
 * the real handler, the real table) and reports its peak RSS and the heap it retains after a full
 * GC. Run at two sizes to show the worker's memory does not grow with the number of events processed.
 */
import { SendMessageBatchCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { loadConfig } from '../../lib/platform/config.ts';
import { startService } from '../../lib/local/service.ts';
import { messagesOf } from './ingest-worker.ts';

const n = Number(process.argv[2] ?? 1000);
const config = loadConfig({ TABLE_NAME: `bench-mem-${n}-${Date.now()}`, DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT, SQS_ENDPOINT: process.env.SQS_ENDPOINT, LOG_LEVEL: 'SILENT', STAGE: 'local' });
const svc = await startService({ config, port: 0, roles: { api: false, workers: true, scanner: false }, pollWaitSeconds: 0 });
const msgs = [...messagesOf('new_complaint', Math.floor(n / 2), `m${n}`), ...messagesOf('tracking_update', n - Math.floor(n / 2), `m${n}`)];
for (let i = 0; i < msgs.length; i += 10) {
  await svc.parts.clients.sqs.send(new SendMessageBatchCommand({ QueueUrl: svc.queueUrls.ingest, Entries: msgs.slice(i, i + 10).map((m, j) => ({ Id: String(j), MessageBody: JSON.stringify(m) })) }));
}
let peak = 0;
let heap = 0;
for (;;) {
  const mem = process.memoryUsage();
  peak = Math.max(peak, mem.rss);
  heap = Math.max(heap, mem.heapUsed);
  const a = await svc.parts.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: svc.queueUrls.ingest, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  if (Number(a.Attributes?.ApproximateNumberOfMessages) + Number(a.Attributes?.ApproximateNumberOfMessagesNotVisible) === 0) break;
  await new Promise((r) => setTimeout(r, 50));
}
// What the worker still holds once V8 has collected (the parent runs it with --expose-gc): growth
// here is a leak. Peak RSS follows V8's heap sizing, which grows with the work until it plateaus.
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('worker-memory needs --expose-gc');
gc();
gc();
const retained = process.memoryUsage().heapUsed;
await svc.stop();
process.send!({ rssMb: peak / 2 ** 20, heapMb: heap / 2 ** 20, retainedMb: retained / 2 ** 20 });
process.exit(0);
