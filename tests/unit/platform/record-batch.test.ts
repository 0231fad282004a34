import { describe, expect, it } from 'vitest';
import { RecordBatch } from '../../../lib/platform/queue/record-batch.ts';

/**
 * RecordBatch (lib/platform/queue/record-batch.ts): a step the records of one SQS batch each take
 * becomes one flush for all of them, once every record still running is waiting or has finished.
 */
describe('RecordBatch', () => {
  const recordingFlush = () => {
    const calls: number[][] = [];
    const flush = async (items: number[]) => {
      calls.push(items);
      return items.map((i) => i * 10);
    };
    return { calls, flush };
  };

  it('answers each record from one flush once all running records are waiting, in their order', async () => {
    // Prepare
    const batch = new RecordBatch(3);
    const { calls, flush } = recordingFlush();
    const step = batch.gather('read', flush);
    // Act: two records wait; the third arrives later
    const a = step(1);
    const b = step(2);
    await Promise.resolve();
    const flushedEarly = calls.length;
    const c = step(3);
    // Assess
    expect(flushedEarly).toBe(0);
    expect(await Promise.all([a, b, c])).toEqual([10, 20, 30]);
    expect(calls).toEqual([[1, 2, 3]]);
  });

  it('flushes without the records that finished elsewhere, and a record waiting at another step does not hold it back', async () => {
    // Prepare: 4 records; one fails before the step, one is waiting at another step
    const batch = new RecordBatch(4);
    const done = recordingFlush();
    const read = recordingFlush();
    const doneStep = batch.gather('done', done.flush);
    const readStep = batch.gather('read', read.flush);
    const w1 = doneStep(1);
    const w2 = doneStep(2);
    const r = readStep(7);
    // Act
    batch.recordDone();
    // Assess: everyone running is waiting somewhere: each step flushes what it holds
    expect(await Promise.all([w1, w2, r])).toEqual([10, 20, 70]);
    expect(done.calls).toEqual([[1, 2]]);
    expect(read.calls).toEqual([[7]]);
  });

  it("gives every waiting record the flush's error", async () => {
    const batch = new RecordBatch(2);
    const step = batch.gather('write', async (_: number[]): Promise<number[]> => {
      throw new Error('throttled');
    });
    const results = await Promise.allSettled([step(1), step(2)]);
    expect(results.map((x) => x.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toEqual(new Error('throttled'));
  });
});
