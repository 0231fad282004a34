import type { CanonicalEvent } from '../canonical/canonical.ts';
import type { RawEventStore } from './raw-event-store.ts';
import type { IngestMessage } from './ingest-message.ts';
import type { Prefetched, TableKey } from '../platform/table/prefetch.ts';

export interface EventContext {
  /** Items read with the dedup record (see `EventHandler.prefetchKeys`); each is handed out once. */
  prefetched?: Prefetched;
}

/** The domain's entry point: the complaint engine and shipment tracking plug in here. Must be idempotent per event id. */
export interface EventHandler {
  (events: CanonicalEvent[], context?: EventContext): Promise<void>;
  /**
   * The items the handler reads first for these events (a courier event's shipment), known from the
   * events alone: the worker reads them together with the dedup record in one round trip.
   */
  prefetchKeys?: (events: CanonicalEvent[]) => TableKey[];
}

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
 * One queue message: skip it if the delivery was finished before (dedup), hand its canonical
 * events to the domain (idempotent per event id), record it as finished. Throwing makes the
 * message a partial-batch failure: SQS redelivers it with backoff and, after the queue's
 * maxReceiveCount, parks it in the DLQ.
 */
export async function processIngestMessage(raw: string, deps: IngestDeps): Promise<IngestResult> {
  const msg = parseMessage(raw);
  // Only events the message carries can name their reads ahead; a claim-checked delivery's events
  // are in the record itself (read first, rare).
  const ahead = msg.outcome === 'accepted' && msg.events.length ? (deps.handleEvents.prefetchKeys?.(msg.events) ?? []) : [];
  const { record: stored, prefetched } = await deps.rawEvents.getWith(msg.provider, msg.deliveryId, ahead);
  const replay = msg.replay === true && stored?.state === 'quarantined';
  if (stored && (stored.state === 'done' || (stored.state === 'quarantined' && !replay))) return 'duplicate';
  if (msg.rawStoredInTable && !stored) throw new RetryLaterError('claim-checked delivery not readable yet');

  if (msg.outcome === 'quarantined') {
    return (await deps.rawEvents.finish(msg, 'quarantined', stored)) ? 'quarantined' : 'duplicate';
  }
  const events = msg.events.length ? msg.events : (stored?.events ?? []);
  await deps.handleEvents(events, { prefetched });
  return (await deps.rawEvents.finish({ ...msg, events }, 'done', stored)) ? 'processed' : 'duplicate';
}

function parseMessage(raw: string): IngestMessage {
  const msg = JSON.parse(raw) as IngestMessage;
  if (msg?.v !== 1 || typeof msg.provider !== 'string' || typeof msg.deliveryId !== 'string') {
    // Not ours or corrupted: throw so it goes to the DLQ after the max receives, where a human looks.
    throw new Error('malformed ingest message');
  }
  return msg;
}
