import { describe, expect, it } from 'vitest';
import type { SQSEvent } from 'aws-lambda';
import { createLogger } from '../../../lib/platform/logger.ts';
import { sqsBatchHandler } from '../../../lib/platform/queue/sqs-batch-handler.ts';
import { DependencyOutageError, OutageGuard } from '../../../lib/platform/queue/outage-guard.ts';

/** The Lambda side of issue 18's outage: while storage is down, batches are turned away unprocessed. */
const logger = createLogger({ serviceName: 'test', level: 'SILENT' });
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
const batch = (n: number, tag = 'm'): SQSEvent => ({
  Records: Array.from({ length: n }, (_, i) => ({ messageId: `${tag}${i}`, body: `${tag}${i}`, receiptHandle: 'r', attributes: {} as never, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn', awsRegion: 'x' })),
});

function world() {
  const state = { storageUp: true, calls: [] as string[] };
  const handleRecord = async (body: string) => {
    state.calls.push(body);
    if (!state.storageUp) throw refused();
    if (body === 'poison') throw new Error('malformed');
    return 'ok';
  };
  return { state, handleRecord };
}

describe('outage guard in the SQS batch handler', () => {
  it('a storage error throws for the whole batch; later batches are turned away after one canary record until storage answers', async () => {
    const { state, handleRecord } = world();
    const handler = sqsBatchHandler({ name: 't', logger, handleRecord });
    expect(await handler(batch(3, 'a'))).toEqual({ batchItemFailures: [] });

    state.storageUp = false;
    const first = await handler(batch(10, 'b')).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(DependencyOutageError);
    expect((first as DependencyOutageError).unfinishedIds).toHaveLength(10);
    expect(handler.outageGuard.isOpen).toBe(true);

    state.calls.length = 0;
    const second = await handler(batch(10, 'c')).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(DependencyOutageError);
    expect(state.calls).toEqual(['c0']); // one canary, the other 9 untouched

    state.storageUp = true;
    state.calls.length = 0;
    expect(await handler(batch(10, 'd'))).toEqual({ batchItemFailures: [] });
    expect(state.calls).toHaveLength(10);
    expect(handler.outageGuard.isOpen).toBe(false);
  });

  it('with a probe, a tripped guard runs no record at all while the probe fails', async () => {
    const { state, handleRecord } = world();
    let probeUp = false;
    const guard = new OutageGuard({ probe: async () => { if (!probeUp) throw refused(); } });
    const handler = sqsBatchHandler({ name: 't', logger, handleRecord, guard });
    state.storageUp = false;
    await expect(handler(batch(5))).rejects.toBeInstanceOf(DependencyOutageError);
    state.calls.length = 0;
    await expect(handler(batch(5))).rejects.toBeInstanceOf(DependencyOutageError);
    expect(state.calls).toEqual([]);
    state.storageUp = true;
    probeUp = true;
    expect(await handler(batch(5))).toEqual({ batchItemFailures: [] });
    expect(state.calls).toHaveLength(5);
  });

  it('an ordinary failure stays a partial batch response and does not trip the guard', async () => {
    const { handleRecord } = world();
    const handler = sqsBatchHandler({ name: 't', logger, handleRecord });
    const ev = batch(3);
    ev.Records[1]!.body = 'poison';
    expect(await handler(ev)).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
    expect(handler.outageGuard.isOpen).toBe(false);
  });
});
