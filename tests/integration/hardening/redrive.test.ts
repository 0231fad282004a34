import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { GetQueueAttributesCommand, ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { createAwsClients } from '../../../lib/platform/aws-clients.ts';
import { SqsQueue } from '../../../lib/platform/queue/sqs-queue.ts';
import { ensureQueues, type QueueUrls } from '../../../lib/local/bootstrap.ts';
import { eventually, uniqueName } from '../../helpers/service.ts';

/**
 * Issue 18: nothing moved dead-lettered deliveries back. `aftersales-hub redrive` against fauxqs
 * (which lacks StartMessageMoveTask, so the receive + send + delete path runs), as an operator
 * runs it: the CLI in its own process.
 */
const ROOT = join(import.meta.dirname, '../../..');
const run = promisify(execFile);
const prefix = uniqueName('redrive');
const sqs = createAwsClients({ AWS_REGION: 'us-east-1', SQS_ENDPOINT: inject('sqsEndpoint') }).sqs;
let urls: QueueUrls;

const cli = async (...args: string[]) => {
  const env = { ...process.env, SQS_ENDPOINT: inject('sqsEndpoint'), TABLE_NAME: prefix, AWS_REGION: 'us-east-1', INGEST_QUEUE_URL: '', NOTIFY_QUEUE_URL: '', LOG_LEVEL: 'SILENT' };
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'lib/cli/main.ts'), 'redrive', ...args], { env, cwd: ROOT });
  return stdout;
};
const depth = async (url: string) => {
  const a = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }))).Attributes ?? {};
  return Number(a.ApproximateNumberOfMessages ?? 0) + Number(a.ApproximateNumberOfMessagesNotVisible ?? 0);
};
const drain = async (url: string) => {
  const bodies: string[] = [];
  for (let empty = 0; empty < 2; ) {
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 60 }));
    if (!r.Messages?.length) {
      empty++;
      continue;
    }
    for (const m of r.Messages) {
      bodies.push(m.Body!);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle! }));
    }
  }
  return bodies;
};

beforeAll(async () => {
  // One receive is the whole budget: the second receive parks a message in the DLQ, as an outage used to.
  urls = await ensureQueues(sqs, prefix, { maxReceiveCount: 1, visibilityTimeoutSeconds: 0 });
  await new SqsQueue(sqs, urls.ingest).sendMany(Array.from({ length: 12 }, (_, i) => ({ v: 1, provider: 'standard', deliveryId: `dead-${i}`, text: `第${i}条 😀` })));
  await eventually(async () => {
    await sqs.send(new ReceiveMessageCommand({ QueueUrl: urls.ingest, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
    return (await depth(urls.ingestDlq)) === 12;
  }, 'all 12 dead-lettered');
  expect(await depth(urls.ingest)).toBe(0);
});
afterAll(() => sqs.destroy());

describe('aftersales-hub redrive', () => {
  it('--dry-run prints the count and the ids and moves nothing', async () => {
    const out = await cli('--queue', 'ingest', '--dry-run');
    expect(out).toContain('12 messages waiting; dry run, nothing moved');
    for (let i = 0; i < 12; i++) expect(out).toContain(`standard/dead-${i}`);
    expect(await depth(urls.ingestDlq)).toBe(12);
    expect(await depth(urls.ingest)).toBe(0);
  });

  it('--limit moves that many; a second run moves the rest; each message arrives exactly once and intact', async () => {
    const first = await cli('--queue', 'ingest', '--limit', '5');
    expect(first).toContain('moved 5 messages');
    expect(await depth(urls.ingestDlq)).toBe(7);
    const second = await cli('--queue', 'ingest');
    expect(second).toContain('moved 7 messages');
    expect(await depth(urls.ingestDlq)).toBe(0);

    const bodies = (await drain(urls.ingest)).map((b) => JSON.parse(b) as { deliveryId: string; text: string });
    expect(bodies).toHaveLength(12);
    expect(new Set(bodies.map((b) => b.deliveryId)).size).toBe(12);
    expect(bodies.find((b) => b.deliveryId === 'dead-3')?.text).toBe('第3条 😀');
  });

  it('refuses an unknown queue with a usage error', async () => {
    await expect(cli('--queue', 'orders')).rejects.toMatchObject({ code: 2 });
  });
});
