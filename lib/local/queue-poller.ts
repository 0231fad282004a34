import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from '../platform/logger.ts';
import { DependencyOutageError } from '../platform/queue/outage-guard.ts';
import type { OutageGuard } from '../platform/queue/outage-guard.ts';

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  /** The same handler Lambda runs (partial batch response). */
  handler: ((event: SQSEvent) => Promise<SQSBatchResponse>) & { outageGuard?: OutageGuard };
  logger: Logger;
  name: string;
  waitSeconds?: number;
  /** First retry delay; doubles per receive, capped at 60 s (what SQS + Lambda would do with a visibility backoff). */
  backoffBaseSeconds?: number;
  /**
   * Asks storage whether it answers (e.g. DescribeTable). Used by the circuit breaker: while it
   * fails, nothing is received. Without it the poller pauses with backoff and lets the handler's
   * canary find out, which spends one receive per pause.
   */
  probe?: () => Promise<unknown>;
  /** Breaker probe interval: starts here, doubles up to `probeMaxMs`. */
  probeMinMs?: number;
  probeMaxMs?: number;
  /** Called with the bodies of messages that were processed and deleted (the local journal listens). */
  onProcessed?: (bodies: string[]) => void | Promise<void>;
}

/**
 * Locally stands in for Lambda's SQS event source mapping: long-polls, hands batches of up to 10
 * records to the handler, deletes what succeeded and pushes failed records' visibility out with
 * exponential backoff. After the queue's maxReceiveCount, SQS itself moves them to the DLQ.
 *
 * Circuit breaker: when the handler reports a storage outage (`DependencyOutageError`), the
 * batch is made visible again at once (ChangeMessageVisibility 0, so no receive is wasted waiting
 * out a timeout), receiving stops, and `probe` is asked with backoff until storage answers; then
 * polling resumes. A queue of thousands rides out an outage of any length with no receive spent
 * beyond the one batch that discovered it.
 */
export function startQueuePoller(o: PollerOptions): { stop(): Promise<void>; readonly breakerOpen: boolean } {
  let running = true;
  let breakerOpen = false;
  const abort = new AbortController();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (abort.signal.aborted) return resolve();
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        abort.signal.removeEventListener('abort', done);
        resolve();
      }
      abort.signal.addEventListener('abort', done);
    });

  const deleteMessages = async (messages: Message[]) => {
    if (!messages.length) return;
    await o.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: o.queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
    await o.onProcessed?.(messages.map((m) => m.Body ?? ''));
  };
  const setVisibility = (messages: Message[], seconds: (m: Message) => number) =>
    messages.length
      ? o.sqs
          .send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: o.queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: seconds(m) })) }))
          .catch(() => undefined)
      : undefined;

  /** Blocks until storage answers (or the poller stops). */
  const waitForStorage = async () => {
    let delay = o.probeMinMs ?? 250;
    const max = o.probeMaxMs ?? 5000;
    for (;;) {
      await sleep(delay);
      if (!running) return;
      if (!o.probe) return; // nothing to ask: the handler's canary decides on the next batch
      try {
        await o.probe();
        o.handler.outageGuard?.close();
        return;
      } catch {
        delay = Math.min(max, delay * 2);
      }
    }
  };

  const loop = (async () => {
    while (running) {
      try {
        if (breakerOpen) {
          await waitForStorage();
          if (!running) break;
          breakerOpen = false;
          o.logger.info('storage answers again; resuming', { queue: o.name });
        }
        const res = await o.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: o.queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: o.waitSeconds ?? 1,
            MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
          }),
          { abortSignal: abort.signal },
        );
        const messages = res.Messages ?? [];
        if (messages.length === 0 || !running) continue;
        let out: SQSBatchResponse;
        try {
          out = await o.handler({ Records: messages.map((m) => toRecord(m, o.queueUrl)) });
        } catch (err) {
          if (!(err instanceof DependencyOutageError)) throw err;
          const done = new Set(err.succeededIds);
          await deleteMessages(messages.filter((m) => done.has(m.MessageId!)));
          const rest = messages.filter((m) => !done.has(m.MessageId!));
          // Is it really storage? A probe that answers at once means the failure was something else
          // (e.g. an outbound webhook): then the ordinary per-message backoff applies, or a failing
          // endpoint would be retried in a hot loop.
          if (o.probe && (await o.probe().then(() => true, () => false))) {
            o.handler.outageGuard?.close();
            await setVisibility(rest, (m) => backoff(m, o.backoffBaseSeconds ?? 1));
            continue;
          }
          await setVisibility(rest, () => 0);
          if (!breakerOpen) o.logger.warn('storage unavailable; pausing the poller until it answers', { queue: o.name, returned: rest.length, error: err.cause instanceof Error ? err.cause.message : String(err.cause) });
          breakerOpen = true;
          continue;
        }
        const failed = new Set(out.batchItemFailures.map((f) => f.itemIdentifier));
        await deleteMessages(messages.filter((m) => !failed.has(m.MessageId!)));
        await setVisibility(
          messages.filter((m) => failed.has(m.MessageId!)),
          (m) => backoff(m, o.backoffBaseSeconds ?? 1),
        );
      } catch (err) {
        if (!running) break;
        o.logger.warn('queue poll failed; retrying', { queue: o.name, error: err instanceof Error ? err.message : String(err) });
        await sleep(1000);
      }
    }
  })();
  return {
    get breakerOpen() {
      return breakerOpen;
    },
    async stop() {
      running = false;
      abort.abort();
      await loop;
    },
  };
}

function backoff(m: Message, base: number): number {
  const count = Number(m.Attributes?.ApproximateReceiveCount ?? '1');
  return Math.min(60, Math.round(base * 2 ** Math.max(0, count - 1)));
}

function toRecord(m: Message, queueUrl: string): SQSRecord {
  return {
    messageId: m.MessageId!,
    receiptHandle: m.ReceiptHandle!,
    body: m.Body ?? '',
    attributes: {
      ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
      SentTimestamp: m.Attributes?.SentTimestamp ?? String(Date.now()),
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: m.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:local:000000000000:${queueUrl.split('/').pop()}`,
    awsRegion: 'local',
  };
}
