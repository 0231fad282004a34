import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from '../logger.ts';
import { DependencyOutageError, isOutage, OutageGuard } from './outage-guard.ts';
import { RecordBatch } from './record-batch.ts';

export type SqsBatchHandler = ((event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>) & {
  /** The handler's outage state; the local poller closes it once its own probe sees storage back. */
  outageGuard: OutageGuard;
};

/**
 * An SQS consumer with partial batch responses (Powertools Batch): each record runs on its own, a
 * failed one is logged and reported for redelivery, the rest of the batch is deleted. A batch where
 * every record failed is still a partial response, not a throw: same outcome for SQS, and the local
 * poller can apply its backoff per record. Used as is by Lambda and by the local poller.
 *
 * The exception is a storage outage (`outage-guard.ts`): a record failing because a dependency
 * does not answer trips the guard and the handler throws `DependencyOutageError` for the whole
 * batch; while the guard is open, batches are turned away without running a single record (after a
 * probe, or one canary record when no probe is given).
 */
export function sqsBatchHandler<R>(o: {
  name: string;
  logger: Logger;
  /** `batch`: the invocation's records as a group, for steps gathered into one request (record-batch.ts). */
  handleRecord: (body: string, batch: RecordBatch) => Promise<R>;
  /** Expected, transient failures are logged at info, the rest at warn. */
  isExpected?: (err: unknown) => boolean;
  /** Shared across invocations (module scope in Lambda); one per handler by default. */
  guard?: OutageGuard;
}): SqsBatchHandler {
  const guard = o.guard ?? new OutageGuard();
  const recordHandler = async (record: SQSRecord, batch: RecordBatch) => {
    try {
      const result = await o.handleRecord(record.body, batch);
      o.logger.debug(`${o.name} record done`, { messageId: record.messageId, result: typeof result === 'string' ? result : JSON.stringify(result) });
      return result;
    } catch (err) {
      o.logger[o.isExpected?.(err) || isOutage(err) ? 'info' : 'warn'](`${o.name} record failed; will retry`, {
        messageId: record.messageId,
        receiveCount: record.attributes?.ApproximateReceiveCount,
        error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
      });
      throw err;
    } finally {
      batch.recordDone();
    }
  };
  const ids = (records: SQSRecord[]) => records.map((r) => r.messageId);
  const turnAway = (records: SQSRecord[], succeeded: string[], cause: unknown): never => {
    o.logger.info(`${o.name}: storage unavailable, batch turned away`, { records: records.length, error: cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause) });
    throw new DependencyOutageError(ids(records), succeeded, { cause });
  };

  const handler = async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    let records = event.Records;
    const succeeded: string[] = [];
    const failures: SQSBatchItemFailure[] = [];
    if (guard.isOpen && records.length > 0) {
      const up = await guard.probe();
      if (up === false) turnAway(records, [], guard.error);
      if (up === undefined) {
        // No probe: the first record is the probe. Only it spends a receive while storage is down.
        const [first, ...rest] = records as [SQSRecord, ...SQSRecord[]];
        try {
          await recordHandler(first, new RecordBatch(1));
          succeeded.push(first.messageId);
        } catch (err) {
          if (isOutage(err)) turnAway(records, [], err);
          failures.push({ itemIdentifier: first.messageId });
        }
        guard.close();
        records = rest;
      }
    }
    if (records.length === 0) return { batchItemFailures: failures };

    let outage: unknown;
    const batch = new RecordBatch(records.length);
    const watched = async (record: SQSRecord) => {
      try {
        return await recordHandler(record, batch);
      } catch (err) {
        if (isOutage(err)) outage ??= err;
        throw err;
      }
    };
    // Side by side, always: a RecordBatch step waits for every running record (one at a time, the
    // first record's step would wait for records that never start).
    const res = await processPartialResponse({ Records: records }, watched, new BatchProcessor(EventType.SQS), { context: context as Context, throwOnFullBatchFailure: false, processInParallel: true });
    if (outage !== undefined) {
      guard.trip(outage);
      o.logger.warn(`${o.name}: storage unavailable; turning batches away until it answers`, { error: outage instanceof Error ? `${outage.name}: ${outage.message}` : String(outage) });
      const failed = new Set([...failures, ...res.batchItemFailures].map((f) => f.itemIdentifier));
      const unfinished = event.Records.filter((r) => failed.has(r.messageId));
      const done = [...succeeded, ...records.filter((r) => !failed.has(r.messageId)).map((r) => r.messageId)];
      throw new DependencyOutageError(ids(unfinished), done, { cause: outage });
    }
    return { batchItemFailures: [...failures, ...res.batchItemFailures] };
  };
  return Object.assign(handler, { outageGuard: guard });
}
