import { createHash } from 'node:crypto';
import { HttpError, unavailable } from '../platform/errors.ts';
import { canonicalBodySchema, type CanonicalEvent } from '../canonical/canonical.ts';
import { getProvider } from './providers/index.ts';
import type { SecretSource } from './providers/secrets.ts';
import { SignatureError, UnreadableBodyError, type AckResponse, type InboundRequest, type ProviderAdapter } from './providers/types.ts';
import type { MessageQueue } from '../platform/queue/sqs-queue.ts';
import { encodeBody, type IngestMessage } from './ingest-message.ts';

export interface AcceptDeps {
  secrets: SecretSource;
  queue: MessageQueue<IngestMessage>;
  /** Only for deliveries too large for one queue message (claim check). */
  storeOversized: (msg: IngestMessage) => Promise<void>;
  toleranceSeconds: number;
  bodyLimitBytes: number;
  now: () => Date;
}

export type AcceptOutcome =
  | { kind: 'accepted'; deliveryId: string; ack: AckResponse; events: number }
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
  const base = {
    v: 1 as const,
    provider: adapter.id,
    deliveryId,
    receivedAt: req.receivedAt.toISOString(),
    headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => !DROPPED_HEADERS.has(k))),
    body: encodeBody(req.rawBody),
  };

  const normalized = normalizeOrExplain(adapter, decoded, secrets, req, deliveryId);
  const msg: IngestMessage =
    'reason' in normalized
      ? { ...base, outcome: 'quarantined', quarantineReason: normalized.reason, events: [] }
      : { ...base, outcome: 'accepted', sourceEventType: normalized.events[0]?.sourceEventType, events: normalized.events };

  await makeDurable(msg, deps);
  if (msg.outcome === 'quarantined') return { kind: 'quarantined', deliveryId, reason: msg.quarantineReason! };
  return { kind: 'accepted', deliveryId, ack: adapter.ack(deliveryId), events: msg.events.length };
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
): { events: CanonicalEvent[] } | { reason: string } {
  try {
    const parsed = adapter.parse(decoded, secrets);
    const events = adapter.normalize(parsed, req).map((n, i): CanonicalEvent => {
      const body = canonicalBodySchema.parse(n.body); // adapters must emit valid canonical bodies
      return {
        ...body,
        id: `${adapter.id}:${deliveryId}:${i}`,
        provider: adapter.id,
        providerKind: adapter.kind,
        sourceEventType: n.sourceEventType,
        occurredAt: new Date(body.timestamp).toISOString(),
        receivedAt: req.receivedAt.toISOString(),
      };
    });
    return { events };
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
    throw unavailable('the event could not be stored; retry later', err);
  } finally {
    clearTimeout(timer);
  }
}

async function store(msg: IngestMessage, deps: AcceptDeps): Promise<void> {
  const serialized = JSON.stringify(msg);
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
