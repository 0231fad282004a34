import type { CanonicalEvent } from '../canonical/canonical.ts';
import type { RawEventStore } from './raw-event-store.ts';
import type { IngestMessage } from './ingest-message.ts';
import { auditRecordOf, type AuditRecord } from './audit/audit-sink.ts';
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
  /**
   * Where delivery bodies are kept for audit (Firehose → S3 deployed, a folder locally). Given:
   * the dedup record stays small (no body, no headers), except for quarantined deliveries. Absent:
   * the record keeps the body (tools and tests that run without audit storage).
   */
  audit?: { one(record: AuditRecord): Promise<void> };
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
  // Only a pending (claim-checked) record holds full events; a finished one holds refs and never gets here.
  const events = msg.events.length ? msg.events : stored?.state === 'pending' ? (stored.events as CanonicalEvent[]) : [];
  // The audit copy and the domain are independent: side by side, and the delivery is marked done
  // (its body leaving the dedup record) only once both succeeded. A crash in between redelivers:
  // the domain is idempotent per event id and the audit copy is written again (same content).
  // A topic the adapter ignores is acknowledged and recorded (dedup, outcome, hash, size), never
  // stored in full: nothing will ever replay it.
  const ignored = msg.outcome === 'ignored';
  const body = msg.body ?? stored?.body;
  const audit = ignored ? undefined : deps.audit?.one(auditRecordOf({ ...(stored ?? {}), ...msg, body, headers: msg.headers ?? stored?.headers ?? {} }));
  await Promise.all([deps.handleEvents(events, { prefetched }), audit]);
  return (await deps.rawEvents.finish({ ...msg, events }, 'done', stored, { bodyElsewhere: ignored || deps.audit !== undefined })) ? 'processed' : 'duplicate';
}

function parseMessage(raw: string): IngestMessage {
  const msg = JSON.parse(raw) as IngestMessage;
  if (msg?.v !== 1 || typeof msg.provider !== 'string' || typeof msg.deliveryId !== 'string') {
    // Not ours or corrupted: throw so it goes to the DLQ after the max receives, where a human looks.
    throw new Error('malformed ingest message');
  }
  return msg;
}
