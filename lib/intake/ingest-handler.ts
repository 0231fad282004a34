import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Runtime } from '../runtime.ts';
import { processIngestMessage, RetryLaterError } from './ingest-worker.ts';

/**
 * The ingest worker as an SQS batch handler with partial batch responses (Powertools Batch): one
 * failed record is retried alone, the rest of the batch is deleted. Used as is by Lambda and by the
 * local queue poller.
 */
export function createIngestHandler(rt: Pick<Runtime, 'rawEvents' | 'handleEvents' | 'now' | 'logger'>) {
  const deps = { rawEvents: rt.rawEvents, handleEvents: rt.handleEvents, now: rt.now };
  const recordHandler = async (record: SQSRecord) => {
    try {
      const result = await processIngestMessage(record.body, deps);
      rt.logger.debug('ingested', { messageId: record.messageId, result });
    } catch (err) {
      const level = err instanceof RetryLaterError ? 'info' : 'warn';
      rt.logger[level]('ingest failed; will retry', {
        messageId: record.messageId,
        receiveCount: record.attributes?.ApproximateReceiveCount,
        error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
      });
      throw err;
    }
  };
  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    const processor = new BatchProcessor(EventType.SQS);
    // A batch where every record failed is still a partial response (all ids listed), not a throw:
    // same outcome for SQS, and the local poller can apply its backoff per record.
    return processPartialResponse(event, recordHandler, processor, { context: context as Context, throwOnFullBatchFailure: false });
  };
}
