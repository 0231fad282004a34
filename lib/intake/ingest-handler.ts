import { sqsBatchHandler } from '../platform/queue/sqs-batch-handler.ts';
import type { Logger } from '../platform/logger.ts';
import { processIngestMessage, RetryLaterError, type IngestDeps } from './ingest-worker.ts';

/** The ingest worker as an SQS batch handler (Lambda and the local poller run this same function). */
export function createIngestHandler(deps: IngestDeps & { logger: Logger }) {
  return sqsBatchHandler({ name: 'ingest', logger: deps.logger, handleRecord: (body) => processIngestMessage(body, deps), isExpected: (e) => e instanceof RetryLaterError });
}
