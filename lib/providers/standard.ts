import { canonicalBodySchema, type CanonicalBody } from '../events/canonical.ts';
import { anyMatch, assertFresh, hmac, requireHeader, requireSecrets } from './crypto.ts';
import { decodeJson } from './decode.ts';
import { jsonAck, SignatureError, type ProviderAdapter } from './types.ts';

/**
 * This project's own canonical events, signed per the Standard Webhooks spec v1:
 * `webhook-signature: v1,<base64 HMAC-SHA256(key, "id.timestamp.body")>`, key = base64-decoded
 * secret after `whsec_`. Several space-separated signatures may be present (rotation).
 * Svix sends the same scheme under `svix-*` headers; both are accepted.
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
  const signed = Buffer.concat([Buffer.from(`${id}.${ts}.`), rawBody]);
  const expected = requireSecrets(secrets).map((s) => hmac('sha256', standardWebhooksKey(s), signed));
  const given = sig
    .split(' ')
    .map((part) => part.split(','))
    .filter(([version, value]) => version === 'v1' && value)
    .map(([, value]) => Buffer.from(value!, 'base64'));
  if (!anyMatch(expected, given)) throw new SignatureError('no webhook-signature matches');
}

/** `whsec_<base64>` → key bytes (the spec's symmetric key encoding). */
export function standardWebhooksKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
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
  parse: (decoded) => canonicalBodySchema.parse(decoded),
  normalize: (body) => [{ sourceEventType: body.type, body }],
  ack: jsonAck,
};
