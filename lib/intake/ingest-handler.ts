import { sqsBatchHandler } from '../platform/queue/sqs-batch-handler.ts';
import type { Logger } from '../platform/logger.ts';
import type { OutageGuard } from '../platform/queue/outage-guard.ts';
import { processIngestMessage, RetryLaterError, type IngestDeps } from './ingest-worker.ts';

/** The ingest worker as an SQS batch handler (Lambda and the local poller run this same function). */
/** `guard`: a storage outage stops the batch instead of spending every message's receives (outage-guard.ts). */
export function createIngestHandler(deps: IngestDeps & { logger: Logger; guard?: OutageGuard }) {
  return sqsBatchHandler({ name: 'ingest', logger: deps.logger, guard: deps.guard, handleRecord: (body, batch) => processIngestMessage(body, deps, batch), isExpected: (e) => e instanceof RetryLaterError });
}
