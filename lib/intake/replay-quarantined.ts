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
  const adapter = getProvider(record.provider);
  if (!adapter || !record.body) return { replayed: false, reason: 'no adapter or no stored body for this event' };
  const req = { headers: record.headers ?? {}, rawBody: decodeBody(record.body), receivedAt: new Date(record.receivedAt) };
  let decoded: unknown;
  try {
    decoded = adapter.decode(req);
  } catch (err) {
    return { replayed: false, reason: `body still unreadable: ${(err as Error).message}` };
  }
  const secrets = await rt.secrets.get(adapter.id);
  const result = normalizeOrExplain(adapter, decoded, secrets, req, record.deliveryId);
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
