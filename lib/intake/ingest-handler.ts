import { sqsBatchHandler } from '../platform/queue/sqs-batch-handler.ts';
import type { Runtime } from '../runtime.ts';
import { processIngestMessage, RetryLaterError } from './ingest-worker.ts';

/** The ingest worker as an SQS batch handler (Lambda and the local poller run this same function). */
export function createIngestHandler(rt: Pick<Runtime, 'rawEvents' | 'handleEvents' | 'now' | 'logger'>) {
  const deps = { rawEvents: rt.rawEvents, handleEvents: rt.handleEvents, now: rt.now };
  return sqsBatchHandler({ name: 'ingest', logger: rt.logger, handleRecord: (body) => processIngestMessage(body, deps), isExpected: (e) => e instanceof RetryLaterError });
}
