import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from '../logger.ts';

/**
 * An SQS consumer with partial batch responses (Powertools Batch): each record runs on its own, a
 * failed one is logged and reported for redelivery, the rest of the batch is deleted. A batch where
 * every record failed is still a partial response, not a throw: same outcome for SQS, and the local
 * poller can apply its backoff per record. Used as is by Lambda and by the local poller.
 */
export function sqsBatchHandler<R>(o: {
  name: string;
  logger: Logger;
  handleRecord: (body: string) => Promise<R>;
  /** Expected, transient failures are logged at info, the rest at warn. */
  isExpected?: (err: unknown) => boolean;
}) {
  const recordHandler = async (record: SQSRecord) => {
    try {
      const result = await o.handleRecord(record.body);
      o.logger.debug(`${o.name} record done`, { messageId: record.messageId, result: typeof result === 'string' ? result : JSON.stringify(result) });
      return result;
    } catch (err) {
      o.logger[o.isExpected?.(err) ? 'info' : 'warn'](`${o.name} record failed; will retry`, {
        messageId: record.messageId,
        receiveCount: record.attributes?.ApproximateReceiveCount,
        error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
      });
      throw err;
    }
  };
  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), { context: context as Context, throwOnFullBatchFailure: false });
}
