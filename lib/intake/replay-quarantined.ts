import type { CanonicalEvent } from '../canonical/canonical.ts';
import { getProvider } from './providers/index.ts';
import type { RawEventRecord } from './raw-event-store.ts';
import type { MessageQueue } from '../platform/queue/sqs-queue.ts';
import type { SecretSource } from './providers/secrets.ts';
import { normalizeOrExplain } from './accept-delivery.ts';
import { decodeBody, type IngestMessage } from './ingest-message.ts';

export type ReplayResult = { replayed: true; events: number } | { replayed: false; reason: string };

/**
 * Runs a quarantined delivery through today's adapter. The signature was verified when it arrived
 * (and a timestamped one would now be outside its window), so only decode → parse → normalise run
 * again. On success the events go through the ingest queue like any delivery, so the worker's
 * dedup keeps replay effectively-once even when the button is pressed twice.
 */
export async function replayQuarantined(record: RawEventRecord, rt: { secrets: SecretSource; ingestQueue: MessageQueue<IngestMessage> }): Promise<ReplayResult> {
  const result = await deriveEvents(record, rt.secrets);
  if ('reason' in result) return { replayed: false, reason: result.reason };
  const msg: IngestMessage = {
    v: 1,
    provider: record.provider,
    deliveryId: record.deliveryId,
    receivedAt: record.receivedAt,
    headers: {},
    rawStoredInTable: true,
    // Today's adapter may no longer map the type at all: then it is recorded as ignored, like a new delivery would be.
    outcome: result.events.length ? 'accepted' : 'ignored',
    sourceEventType: result.events[0]?.sourceEventType ?? result.eventType,
    events: result.events,
    replay: true,
  };
  await rt.ingestQueue.send(msg);
  return { replayed: true, events: result.events.length };
}

/**
 * A stored delivery's canonical events, derived again from its body with today's adapter
 * (decode → parse → normalise; the signature was checked on arrival). Finished dedup records
 * keep only event refs: this is how the full events come back from a body in audit storage.
 */
export async function deriveEvents(
  delivery: Pick<RawEventRecord, 'provider' | 'deliveryId' | 'receivedAt' | 'headers' | 'body'>,
  secretSource: SecretSource,
): Promise<{ events: CanonicalEvent[]; eventType?: string } | { reason: string }> {
  const adapter = getProvider(delivery.provider);
  if (!adapter || !delivery.body) return { reason: 'no adapter or no stored body for this event' };
  const req = { headers: delivery.headers ?? {}, rawBody: decodeBody(delivery.body), receivedAt: new Date(delivery.receivedAt) };
  let decoded: unknown;
  try {
    decoded = adapter.decode(req);
  } catch (err) {
    return { reason: `body still unreadable: ${(err as Error).message}` };
  }
  const secrets = await secretSource.get(adapter.id);
  return normalizeOrExplain(adapter, decoded, secrets, req, delivery.deliveryId);
}
