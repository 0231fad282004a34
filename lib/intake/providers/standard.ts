import { CANONICAL_TYPES, canonicalBodySchema, type CanonicalBody } from '../../canonical/canonical.ts';
import { standardWebhookMatches } from '../../platform/signing/standard-webhooks.ts';
import { assertFresh, requireSecrets } from './verify-helpers.ts';
import { decodeJson } from './decode.ts';
import { ignore, jsonAck, SignatureError, type IgnoredEvent, type ProviderAdapter } from './types.ts';

/**
 * This project's own canonical events, signed per the Standard Webhooks spec v1. Several
 * space-separated signatures may be present (rotation). Svix sends the same scheme under `svix-*`
 * headers; both are accepted.
 */
export function standardWebhooksSignatures(
  headers: Readonly<Record<string, string>>,
  rawBody: Buffer,
  secrets: readonly string[],
  now: Date,
  toleranceSeconds: number,
): void {
  const id = headers['webhook-id'] ?? headers['svix-id'];
  const ts = headers['webhook-timestamp'] ?? headers['svix-timestamp'];
  const sig = headers['webhook-signature'] ?? headers['svix-signature'];
  if (!id || !ts || !sig) throw new SignatureError('missing webhook-id, webhook-timestamp or webhook-signature header');
  if (!/^\d{1,12}$/.test(ts)) throw new SignatureError('malformed webhook-timestamp');
  assertFresh(Number(ts), now, toleranceSeconds);
  if (!standardWebhookMatches(requireSecrets(secrets), id, ts, rawBody, sig)) throw new SignatureError('no webhook-signature matches');
}

export const standard: ProviderAdapter<unknown, CanonicalBody> = {
  id: 'standard',
  kind: 'marketplace',
  contentTypes: ['application/json'],
  timestamped: true,
  decode: (req) => decodeJson(req.rawBody),
  verify(req, _decoded, ctx) {
    standardWebhooksSignatures(req.headers, req.rawBody, ctx.secrets, ctx.now, ctx.toleranceSeconds);
  },
  eventId: (req) => req.headers['webhook-id'] ?? req.headers['svix-id'],
  // A type outside the canonical vocabulary is someone else's event on a shared Svix app: ignored.
  // A canonical type with a malformed `data` is ours and broken: quarantined by the schema.
  parse(decoded): CanonicalBody | IgnoredEvent {
    const type = (decoded as { type?: unknown })?.type;
    if (typeof type === 'string' && !(CANONICAL_TYPES as readonly string[]).includes(type)) return ignore(type);
    return canonicalBodySchema.parse(decoded);
  },
  normalize: (body) => [{ sourceEventType: body.type, body }],
  ack: jsonAck,
};
