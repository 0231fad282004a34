import type { CanonicalEvent } from '../canonical/canonical.ts';
import { getProvider } from './providers/index.ts';
import type { RawEventRecord } from './raw-event-store.ts';
import type { QueueSender } from '../platform/queue/sqs-queue.ts';
import type { SecretSource } from './providers/secrets.ts';
import { normalizeOrExplain } from './accept-delivery.ts';
import { decodeBody, type IngestMessage } from './ingest-message.ts';

export type ReplayResult = { replayed: true; events: number } | { replayed: false; reason: string };

/** What a replay reads of a quarantined record (and all the operator API sends of it to webhook-api). */
export type ReplayRecord = Pick<RawEventRecord, 'provider' | 'deliveryId' | 'receivedAt' | 'headers' | 'body'>;

/**
 * Deployed, the operator API hands a replay to webhook-api, which holds the adapters and the
 * provider secrets: a direct (synchronous) Lambda invoke with this payload (lib/intake/replay-invoke.ts).
 */
export interface ReplayInvoke {
  action: 'replay-quarantined';
  record: ReplayRecord;
}

const isText = (v: unknown): v is string => typeof v === 'string';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * The record of a direct invoke's payload, checked by hand (a schema would cost webhook-api's
 * bundle more than this); a payload of another shape is an error that says what is wrong.
 */
export function replayRecordOf(payload: Record<string, unknown>): ReplayRecord {
  const r = payload.record;
  const bad =
    payload.action !== 'replay-quarantined' ? `unknown action ${JSON.stringify(payload.action)}`
    : !isObject(r) ? 'no record'
    : !isText(r.provider) || !isText(r.deliveryId) || !isText(r.receivedAt) ? 'the record needs provider, deliveryId and receivedAt'
    : r.headers !== undefined && !(isObject(r.headers) && Object.values(r.headers).every(isText)) ? 'the record headers must be strings'
    : r.body !== undefined && !(isObject(r.body) && (r.body.encoding === 'utf8' || r.body.encoding === 'base64') && isText(r.body.data)) ? 'the record body must be { encoding: utf8 | base64, data }'
    : undefined;
  if (bad) throw Object.assign(new Error(`invalid replay invoke: ${bad}`), { name: 'InvalidReplayInvoke' });
  const { provider, deliveryId, receivedAt, headers, body } = r as ReplayRecord;
  return { provider, deliveryId, receivedAt, headers: headers ?? {}, body };
}

/**
 * Runs a quarantined delivery through today's adapter. The signature was verified when it arrived
 * (and a timestamped one would now be outside its window), so only decode → parse → normalise run
 * again. On success the events go through the ingest queue like any delivery, so the worker's
 * dedup keeps replay effectively-once even when the button is pressed twice.
 */
export async function replayQuarantined(record: ReplayRecord, rt: { secrets: SecretSource; ingestQueue: QueueSender<IngestMessage> }): Promise<ReplayResult> {
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
