import type { CanonicalEvent } from '../canonical/canonical.ts';
import type { RawEventStore } from './raw-event-store.ts';
import type { IngestMessage } from './ingest-message.ts';
import { auditRecordOf, type AuditRecord } from './audit/audit-sink.ts';
import type { Prefetched, TableKey } from '../platform/table/prefetch.ts';
import type { RecordBatch } from '../platform/queue/record-batch.ts';

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
export async function processIngestMessage(raw: string, deps: IngestDeps, batch?: RecordBatch): Promise<IngestResult> {
  const msg = parseMessage(raw);
  // Only events the message carries can name their reads ahead; a claim-checked delivery's events
  // are in the record itself (read first, rare).
  const ahead = msg.outcome === 'accepted' && msg.events.length ? (deps.handleEvents.prefetchKeys?.(msg.events) ?? []) : [];
  // In a batch, every record's first read is one BatchGetItem and their done records one
  // BatchWriteItem (record-batch.ts): 10 courier scans cost 12 requests instead of 30.
  const read = { provider: msg.provider, deliveryId: msg.deliveryId, extra: ahead };
  const { record: stored, prefetched } = batch ? await batch.gather('dedup read', (rs: (typeof read)[]) => deps.rawEvents.getAllWith(rs))(read) : await deps.rawEvents.getWith(read.provider, read.deliveryId, read.extra);
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
  const finished = { msg: { ...msg, events }, bodyElsewhere: ignored || deps.audit !== undefined };
  // A delivery with no record when read needs no condition on its done record (finishAll); the
  // rest (claim checks, replays, ignored topics with their counter) keep their conditional write.
  const done = batch && !stored && msg.outcome === 'accepted' ? await batch.gather('done record', (fs: (typeof finished)[]) => deps.rawEvents.finishAll(fs))(finished) : await deps.rawEvents.finish(finished.msg, 'done', stored, { bodyElsewhere: finished.bodyElsewhere });
  return done ? 'processed' : 'duplicate';
}

function parseMessage(raw: string): IngestMessage {
  const msg = JSON.parse(raw) as IngestMessage;
  if (msg?.v !== 1 || typeof msg.provider !== 'string' || typeof msg.deliveryId !== 'string') {
    // Not ours or corrupted: throw so it goes to the DLQ after the max receives, where a human looks.
    throw new Error('malformed ingest message');
  }
  return msg;
}
