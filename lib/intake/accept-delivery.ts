import { createHash } from 'node:crypto';
import { HttpError, unavailable } from '../platform/errors.ts';
import { canonicalBodySchema, type CanonicalEvent } from '../canonical/canonical.ts';
import { getProvider } from './providers/index.ts';
import type { SecretSource } from './providers/secrets.ts';
import { isIgnored, SignatureError, UnreadableBodyError, type AckResponse, type InboundRequest, type ProviderAdapter } from './providers/types.ts';
import type { EventConfirmer } from './event-confirmer.ts';
import { serializeMessage, type QueueSender } from '../platform/queue/sqs-queue.ts';
import { encodeBody, type IngestMessage } from './ingest-message.ts';

export interface AcceptDeps {
  secrets: SecretSource;
  queue: QueueSender<IngestMessage>;
  /** Only for deliveries too large for one queue message (claim check). */
  storeOversized: (msg: IngestMessage) => Promise<void>;
  toleranceSeconds: number;
  bodyLimitBytes: number;
  now: () => Date;
  /**
   * The body hash a dedup key was first seen with, if it was (the raw-event store). Read on the ack
   * path only for adapters whose signature binds the body weakly (`weakBodyBinding`: PayPal).
   */
  bodyHashSeen?: (provider: string, deliveryId: string) => Promise<string | undefined>;
  /**
   * Second opinions from the provider itself, per provider (deployed: PayPal's
   * verify-webhook-signature API). Absent → off, which is the local default.
   */
  confirmers?: Partial<Record<string, EventConfirmer>>;
}

export type AcceptOutcome =
  | { kind: 'accepted'; deliveryId: string; ack: AckResponse; events: number; ignored?: boolean }
  | { kind: 'quarantined'; deliveryId: string; reason: string }
  | { kind: 'handshake'; ack: AckResponse };

/** SQS takes 256 KiB per message by default; leave room for attributes. */
const MAX_INLINE_MESSAGE_BYTES = 240 * 1024;
/** Headers never kept: credentials and hop-by-hop noise. */
const DROPPED_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization', 'connection', 'keep-alive']);

/**
 * The ack path: verify → dedupe key → make durable → answer. Everything before the queue write is
 * CPU only; the one synchronous I/O is the SendMessage (the floor for durability). Dedup itself
 * happens in the worker with a conditional write, so a retry that races its original is still
 * stored once.
 */
export async function acceptDelivery(providerId: string, req: InboundRequest, deps: AcceptDeps): Promise<AcceptOutcome> {
  const adapter = getProvider(providerId);
  if (!adapter) throw new HttpError(404, 'unknown_provider', `no adapter for provider "${providerId.slice(0, 40)}"`);
  if (req.rawBody.length > deps.bodyLimitBytes) throw new HttpError(413, 'payload_too_large', `body exceeds ${deps.bodyLimitBytes} bytes`);

  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!adapter.contentTypes.includes(mediaType)) {
    throw new HttpError(415, 'unsupported_media_type', `${adapter.id} sends ${adapter.contentTypes.join(' or ')}`);
  }

  const decoded = guard(() => adapter.decode(req));
  const handshake = adapter.handshake?.(req, decoded);
  if (handshake) return { kind: 'handshake', ack: handshake };

  const secrets = await deps.secrets.get(adapter.id).catch((err: unknown) => {
    throw unavailable('provider secrets unavailable', err);
  });
  guard(() => adapter.verify(req, decoded, { ...secrets, now: deps.now(), toleranceSeconds: deps.toleranceSeconds }));

  const deliveryId = deliveryIdOf(adapter, req, decoded);
  const bodySha256 = createHash('sha256').update(req.rawBody).digest('hex');
  if (adapter.weakBodyBinding) await refuseRebodiedTransmission(adapter.id, deliveryId, bodySha256, deps);
  const confirmer = deps.confirmers?.[adapter.id];
  if (confirmer) await confirmWithProvider(confirmer, req, secrets);

  const base = {
    v: 1 as const,
    provider: adapter.id,
    deliveryId,
    receivedAt: req.receivedAt.toISOString(),
    headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => !DROPPED_HEADERS.has(k))),
    body: encodeBody(req.rawBody),
    bodySha256,
  };

  const normalized = normalizeOrExplain(adapter, decoded, secrets, req, deliveryId);
  const msg: IngestMessage =
    'reason' in normalized
      ? { ...base, outcome: 'quarantined', quarantineReason: normalized.reason, events: [] }
      : normalized.events.length === 0
        ? { ...base, outcome: 'ignored', sourceEventType: normalized.eventType, events: [] }
        : { ...base, outcome: 'accepted', sourceEventType: normalized.events[0]?.sourceEventType, events: normalized.events };

  await makeDurable(msg, deps);
  if (msg.outcome === 'quarantined') return { kind: 'quarantined', deliveryId, reason: msg.quarantineReason! };
  return { kind: 'accepted', deliveryId, ack: adapter.ack(deliveryId), events: msg.events.length, ignored: msg.outcome === 'ignored' };
}

/**
 * PayPal signs `transmissionId|time|webhookId|crc32(body)`; CRC32 is affine, so anyone holding one
 * captured delivery can build another body with the same CRC32 in milliseconds and replay the
 * captured headers within the time window. The dedup key is therefore the signed transmission id,
 * and a transmission id already seen with a different body is refused: a retry of the same
 * transmission is byte-identical, a forgery is not. (Residual risk: a forgery that arrives
 * BEFORE the genuine delivery; the provider confirmation below closes it when enabled.)
 */
async function refuseRebodiedTransmission(provider: string, deliveryId: string, bodySha256: string, deps: AcceptDeps): Promise<void> {
  if (!deps.bodyHashSeen) return;
  const seen = await deps.bodyHashSeen(provider, deliveryId).catch((err: unknown) => {
    throw unavailable('delivery records unavailable', err);
  });
  if (seen !== undefined && seen !== bodySha256) throw new HttpError(401, 'invalid_signature', 'this transmission was already received with a different body');
}

async function confirmWithProvider(confirmer: EventConfirmer, req: InboundRequest, secrets: Awaited<ReturnType<SecretSource['get']>>): Promise<void> {
  let verdict: Awaited<ReturnType<EventConfirmer['confirm']>>;
  try {
    verdict = await confirmer.confirm(req, secrets);
  } catch (err) {
    // The provider could not be asked: it retries on a 503, and nothing was stored yet.
    throw unavailable('the provider could not confirm the event; retry later', err);
  }
  if (verdict !== 'confirmed') throw new HttpError(401, 'invalid_signature', 'the provider did not confirm this event');
}

/**
 * Parse + normalise, used by the ack path and by quarantine replay. A failure here never loses the
 * event: the caller quarantines it with the reason.
 */
export function normalizeOrExplain(
  adapter: ProviderAdapter,
  decoded: unknown,
  secrets: Parameters<ProviderAdapter['parse']>[1],
  req: InboundRequest,
  deliveryId: string,
): { events: CanonicalEvent[]; eventType?: string } | { reason: string } {
  try {
    const parsed = adapter.parse(decoded, secrets);
    if (isIgnored(parsed)) return { events: [], eventType: parsed.eventType };
    // Canonical ids follow the provider's EVENT, so a re-sent event in a new transmission is the same event.
    const eventKey = sanitizeId(adapter.eventKey?.(req, decoded)) ?? deliveryId;
    const events = adapter.normalize(parsed, req).map((n, i): CanonicalEvent => {
      const body = canonicalBodySchema.parse(n.body); // adapters must emit valid canonical bodies
      return {
        ...body,
        id: `${adapter.id}:${eventKey}:${i}`,
        provider: adapter.id,
        providerKind: adapter.kind,
        sourceEventType: n.sourceEventType,
        occurredAt: new Date(body.timestamp).toISOString(),
        receivedAt: req.receivedAt.toISOString(),
      };
    });
    return { events, eventType: events[0]?.sourceEventType };
  } catch (err) {
    return { reason: describeParseFailure(err) };
  }
}

/**
 * The ack path's own deadline, under the shortest provider timeout (5 s): past it the provider gets
 * a 503 and retries. A write that still lands later is harmless: the retry is deduplicated.
 */
const DURABLE_DEADLINE_MS = 4_000;

async function makeDurable(msg: IngestMessage, deps: AcceptDeps): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not durable within ${DURABLE_DEADLINE_MS} ms`)), DURABLE_DEADLINE_MS);
  });
  try {
    await Promise.race([store(msg, deps), deadline]);
  } catch (err) {
    // A delivery that cannot be stored at any retry is refused as such, never answered 503 forever.
    if (err instanceof HttpError && err.status === 413) throw err;
    throw unavailable('the event could not be stored; retry later', err);
  } finally {
    clearTimeout(timer);
  }
}

async function store(msg: IngestMessage, deps: AcceptDeps): Promise<void> {
  // Measured as SQS will carry it (ASCII-escaped: a CJK character is 6 bytes, an emoji 12).
  const serialized = serializeMessage(msg);
  if (Buffer.byteLength(serialized) <= MAX_INLINE_MESSAGE_BYTES) {
    await deps.queue.sendSerialized(serialized);
    return;
  }
  // Claim check: the raw event goes to the table first, the message carries only the pointer.
  await deps.storeOversized(msg);
  const { body: _b, headers: _h, ...pointer } = msg;
  await deps.queue.send({ ...pointer, headers: {}, rawStoredInTable: true, events: [] });
}

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SignatureError) throw new HttpError(401, 'invalid_signature', err.message);
    if (err instanceof UnreadableBodyError) throw new HttpError(400, 'unreadable_body', err.message);
    if (err instanceof HttpError) throw err;
    // Adapters must classify their own failures; anything else is a malformed body we failed to foresee.
    throw new HttpError(400, 'unreadable_body', 'body could not be read for this provider');
  }
}

/**
 * The dedup key: the provider's own delivery/event id, or where it has none a hash of the provider
 * id and the raw body (so an identical redelivery maps to the same key).
 */
export function deliveryIdOf(adapter: ProviderAdapter, req: InboundRequest, decoded: unknown): string {
  return sanitizeId(adapter.eventId(req, decoded)) ?? `sha256-${createHash('sha256').update(adapter.id).update('\0').update(req.rawBody).digest('hex')}`;
}

/** Provider ids become keys: keep them printable and bounded. */
function sanitizeId(id: string | undefined): string | undefined {
  if (!id) return undefined;
  const clean = id.replace(/[^\w.:\-@]/g, '_').slice(0, 200);
  return clean.length ? clean : undefined;
}

/** Schema errors name the fields, never echo values (they may hold personal data). */
function describeParseFailure(err: unknown): string {
  const issues = (err as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
  if (Array.isArray(issues) && issues.length) {
    return `payload not understood: ${issues
      .slice(0, 5)
      .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
      .join('; ')}`;
  }
  return `payload not understood: ${err instanceof Error ? err.message.slice(0, 200) : 'unknown error'}`;
}
