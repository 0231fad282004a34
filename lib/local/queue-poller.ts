import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from '../platform/logger.ts';

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  /** The same handler Lambda runs (partial batch response). */
  handler: (event: SQSEvent) => Promise<SQSBatchResponse>;
  logger: Logger;
  name: string;
  waitSeconds?: number;
  /** First retry delay; doubles per receive, capped at 60 s (what SQS + Lambda would do with a visibility backoff). */
  backoffBaseSeconds?: number;
}

/**
 * Locally stands in for Lambda's SQS event source mapping: long-polls, hands batches of up to 10
 * records to the handler, deletes what succeeded and pushes failed records' visibility out with
 * exponential backoff. After the queue's maxReceiveCount, SQS itself moves them to the DLQ.
 */
export function startQueuePoller(o: PollerOptions): { stop(): Promise<void> } {
  let running = true;
  const abort = new AbortController();
  const loop = (async () => {
    while (running) {
      try {
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
        const out = await o.handler({ Records: messages.map((m) => toRecord(m, o.queueUrl)) });
        const failed = new Set(out.batchItemFailures.map((f) => f.itemIdentifier));
        const ok = messages.filter((m) => !failed.has(m.MessageId!));
        const bad = messages.filter((m) => failed.has(m.MessageId!));
        if (ok.length) {
          await o.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: o.queueUrl, Entries: ok.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
        }
        if (bad.length) {
          await o.sqs.send(
            new ChangeMessageVisibilityBatchCommand({
              QueueUrl: o.queueUrl,
              Entries: bad.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: backoff(m, o.backoffBaseSeconds ?? 1) })),
            }),
          ).catch(() => undefined);
        }
      } catch (err) {
        if (!running) break;
        o.logger.warn('queue poll failed; retrying', { queue: o.name, error: err instanceof Error ? err.message : String(err) });
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  })();
  return {
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
