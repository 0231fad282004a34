import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  StartMessageMoveTaskCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { dlqName, queueName, type QueueId } from '../platform/table/definitions.ts';

/**
 * `aftersales-hub redrive --queue ingest|notify`: moves messages parked in a dead-letter queue
 * back to their source queue (issue 18: after a storage outage 974 acknowledged deliveries sat in
 * the DLQ and nothing moved them back). The consumers are idempotent (dedup per delivery, claim per
 * notification), so a redriven message that had in fact been processed costs a lookup, nothing more.
 *
 * Where SQS supports it (real SQS), the whole DLQ is handed to StartMessageMoveTask, which moves
 * each message exactly once server-side. With `--limit`, or where the API is missing (fauxqs), it
 * is done by hand: receive (hidden for the run), send the batch to the source, delete from the DLQ.
 * Each message id is sent at most once per run, even if a failed delete lets it show up again.
 */
export interface RedriveOptions {
  sqs: SQSClient;
  queue: QueueId;
  /** Source queue URL; else INGEST_QUEUE_URL / NOTIFY_QUEUE_URL (deployed), else by name from the prefix (local). */
  sourceUrl?: string;
  /** DLQ URL; else read from the source queue's RedrivePolicy. */
  dlqUrl?: string;
  /** Local queue names are `${prefix}-${id}` (TABLE_NAME). */
  prefix: string;
  dryRun?: boolean;
  limit?: number;
  out?: (line: string) => void;
}

export interface RedriveResult {
  sourceUrl: string;
  dlqUrl: string;
  mode: 'dry-run' | 'move-task' | 'receive-send-delete';
  /** Messages moved (or, dry run, found); for a move task, the DLQ's count when it started. */
  count: number;
  messageIds: string[];
  taskHandle?: string;
}

/** How long a received DLQ message stays hidden from other readers while this run handles it. */
const HIDE_SECONDS = 300;

export async function redrive(o: RedriveOptions): Promise<RedriveResult> {
  const out = o.out ?? ((l: string) => console.log(l));
  const sourceUrl = o.sourceUrl ?? (await urlOf(o.sqs, queueName(o.prefix, o.queue)));
  const sourceAttrs = (await o.sqs.send(new GetQueueAttributesCommand({ QueueUrl: sourceUrl, AttributeNames: ['QueueArn', 'RedrivePolicy'] }))).Attributes ?? {};
  const dlqUrl = o.dlqUrl ?? (await dlqFromPolicy(o.sqs, sourceAttrs.RedrivePolicy)) ?? (await urlOf(o.sqs, dlqName(o.prefix, o.queue)));
  const dlqAttrs = (await o.sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages'] }))).Attributes ?? {};
  const waiting = Number(dlqAttrs.ApproximateNumberOfMessages ?? 0);
  const limit = o.limit ?? Infinity;

  if (o.dryRun) {
    const seen = await collect(o.sqs, dlqUrl, limit, async () => undefined);
    // Nothing moved: make them visible again at once for whoever reads the DLQ next.
    await setVisible(o.sqs, dlqUrl, seen);
    out(`${dlqUrl}: ${waiting} messages waiting; dry run, nothing moved`);
    for (const m of seen) out(`  ${m.MessageId}  ${describe(m.Body)}`);
    out(`${seen.length} would be moved to ${sourceUrl}`);
    return { sourceUrl, dlqUrl, mode: 'dry-run', count: seen.length, messageIds: seen.map((m) => m.MessageId!) };
  }

  if (o.limit === undefined && sourceAttrs.QueueArn && dlqAttrs.QueueArn) {
    try {
      const task = await o.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqAttrs.QueueArn, DestinationArn: sourceAttrs.QueueArn }));
      out(`move task ${task.TaskHandle} started: ${waiting} messages from ${dlqUrl} to ${sourceUrl} (SQS moves each once; see ListMessageMoveTasks)`);
      return { sourceUrl, dlqUrl, mode: 'move-task', count: waiting, messageIds: [], taskHandle: task.TaskHandle };
    } catch (err) {
      if (!isUnsupported(err)) throw err;
      // Emulators without the API: fall through to the manual move.
    }
  }

  const moved = await collect(o.sqs, dlqUrl, limit, async (batch) => {
    const entries = batch.map((m, i) => ({ Id: String(i), MessageBody: m.Body ?? '', ...(m.MessageAttributes && Object.keys(m.MessageAttributes).length ? { MessageAttributes: m.MessageAttributes } : {}) }));
    const res = await o.sqs.send(new SendMessageBatchCommand({ QueueUrl: sourceUrl, Entries: entries }));
    const failed = new Set((res.Failed ?? []).map((f) => f.Id));
    const sent = batch.filter((_, i) => !failed.has(String(i)));
    // Delete only what reached the source; a failed send stays in the DLQ (visible again later).
    if (sent.length) await deleteAll(o.sqs, dlqUrl, sent);
    if (failed.size) throw new Error(`${failed.size} messages could not be sent to ${sourceUrl}; they stay in the DLQ`);
    return sent;
  });
  out(`moved ${moved.length} messages from ${dlqUrl} to ${sourceUrl}`);
  for (const m of moved) out(`  ${m.MessageId}  ${describe(m.Body)}`);
  return { sourceUrl, dlqUrl, mode: 'receive-send-delete', count: moved.length, messageIds: moved.map((m) => m.MessageId!) };
}

/**
 * Receives up to `limit` distinct messages from `url`, handing each batch to `handle` (which
 * returns the ones it took care of). Stops when two long polls in a row come back empty.
 */
async function collect(sqs: SQSClient, url: string, limit: number, handle: (batch: Message[]) => Promise<Message[] | undefined>): Promise<Message[]> {
  const done = new Map<string, Message>();
  let empty = 0;
  while (done.size < limit && empty < 2) {
    const res = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: Math.min(10, limit - done.size), WaitTimeSeconds: 1, VisibilityTimeout: HIDE_SECONDS, MessageAttributeNames: ['All'] }),
    );
    const messages = res.Messages ?? [];
    if (!messages.length) {
      empty++;
      continue;
    }
    empty = 0;
    // Seen before in this run (its delete failed and it came back): never send it twice.
    const again = messages.filter((m) => done.has(m.MessageId!));
    if (again.length) await deleteAll(sqs, url, again).catch(() => undefined);
    const fresh = messages.filter((m) => !done.has(m.MessageId!));
    if (!fresh.length) continue;
    const taken = (await handle(fresh)) ?? fresh;
    for (const m of taken) done.set(m.MessageId!, m);
  }
  return [...done.values()];
}

async function deleteAll(sqs: SQSClient, url: string, messages: Message[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 10) {
    const chunk = messages.slice(i, i + 10);
    const res = await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: chunk.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle! })) }));
    if (res.Failed?.length) throw new Error(`${res.Failed.length} messages could not be deleted from ${url}`);
  }
}

async function setVisible(sqs: SQSClient, url: string, messages: Message[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 10) {
    const chunk = messages.slice(i, i + 10);
    await sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: url, Entries: chunk.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: 0 })) }));
  }
}

async function urlOf(sqs: SQSClient, name: string): Promise<string> {
  return (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
}

async function dlqFromPolicy(sqs: SQSClient, policy: string | undefined): Promise<string | undefined> {
  if (!policy) return undefined;
  const arn = (JSON.parse(policy) as { deadLetterTargetArn?: string }).deadLetterTargetArn;
  const [, , , , account, name] = arn?.split(':') ?? [];
  if (!name) return undefined;
  return (await sqs.send(new GetQueueUrlCommand({ QueueName: name, ...(account ? { QueueOwnerAWSAccountId: account } : {}) }))).QueueUrl;
}

function isUnsupported(err: unknown): boolean {
  const e = err as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  // fauxqs answers InvalidAction ("Unknown action"); anything else is a real error and is shown.
  return /InvalidAction|UnknownOperation|NotImplemented|UnsupportedOperation/i.test(`${e?.name ?? ''} ${e?.Code ?? ''}`) || e?.$metadata?.httpStatusCode === 501;
}

/** One line per message for the operator: which delivery or notification it is, never its payload. */
function describe(body: string | undefined): string {
  try {
    const m = JSON.parse(body ?? '') as { provider?: string; deliveryId?: string; notificationId?: string; incidentId?: string; orderId?: string };
    if (m.provider && m.deliveryId) return `${m.provider}/${m.deliveryId}`;
    if (m.notificationId) return `notification ${m.notificationId}`;
    if (m.incidentId && m.orderId) return `notification ${m.incidentId}/${m.orderId}`;
  } catch {
    /* not JSON */
  }
  return `(${(body ?? '').length} bytes)`;
}
