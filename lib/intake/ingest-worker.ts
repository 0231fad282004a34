import type { CanonicalEvent } from '../events/canonical.ts';
import type { RawEventStore } from '../storage/raw-event-store.ts';
import type { IngestMessage } from './ingest-message.ts';

/** The domain's entry point: the complaint engine and shipment tracking plug in here. Must be idempotent per event id. */
export type EventHandler = (events: CanonicalEvent[]) => Promise<void>;

export interface IngestDeps {
  rawEvents: RawEventStore;
  handleEvents: EventHandler;
  now: () => Date;
}

export type IngestResult = 'processed' | 'quarantined' | 'duplicate';

export class RetryLaterError extends Error {
  override name = 'RetryLaterError';
}

/**
 * One queue message: claim the delivery (dedup), hand its canonical events to the domain, mark it
 * done. Throwing makes the message a partial-batch failure: SQS redelivers it with backoff and,
 * after the queue's maxReceiveCount, parks it in the DLQ.
 */
export async function processIngestMessage(raw: string, deps: IngestDeps, opts: { replay?: boolean } = {}): Promise<IngestResult> {
  const msg = parseMessage(raw);
  const claim = await deps.rawEvents.claim(msg, deps.now(), opts.replay ?? (msg as { replay?: boolean }).replay ?? false);
  if (claim.kind === 'duplicate') return 'duplicate';
  if (claim.kind === 'busy') throw new RetryLaterError(`delivery ${msg.provider}/${msg.deliveryId} is being processed elsewhere`);

  const record = claim.record;
  if (record.outcome === 'quarantined') {
    await deps.rawEvents.complete(msg.provider, msg.deliveryId, 'quarantined', record.receivedAt);
    return 'quarantined';
  }
  try {
    await deps.handleEvents(record.events ?? []);
  } catch (err) {
    await deps.rawEvents.release(msg.provider, msg.deliveryId);
    throw err;
  }
  await deps.rawEvents.complete(msg.provider, msg.deliveryId, 'done', record.receivedAt);
  return 'processed';
}

function parseMessage(raw: string): IngestMessage & { replay?: boolean } {
  const msg = JSON.parse(raw) as IngestMessage & { replay?: boolean };
  if (msg?.v !== 1 || typeof msg.provider !== 'string' || typeof msg.deliveryId !== 'string') {
    // Not ours or corrupted: throw so it goes to the DLQ after the max receives, where a human looks.
    throw new Error('malformed ingest message');
  }
  return msg;
}
