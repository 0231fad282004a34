import { anyMatch, hmac } from '../../platform/signing/crypto.ts';
import { requireHeader, requireSecrets } from './verify-helpers.ts';
import { SignatureError, type InboundRequest } from './types.ts';

/**
 * The scheme Shopify, WooCommerce, AfterShip and EasyPost share: HMAC-SHA256 over the raw body with
 * a shared secret, in one header. They differ only in header name, encoding and key preparation.
 */
export function verifyBodyHmac(
  req: InboundRequest,
  secrets: readonly string[],
  o: { header: string | string[]; encoding: 'base64' | 'hex'; prefix?: string; key?: (secret: string) => string | Buffer },
): void {
  const names = Array.isArray(o.header) ? o.header : [o.header];
  const name = names.find((h) => req.headers[h]) ?? names[0]!;
  let given = requireHeader(req.headers, name).trim();
  if (o.prefix) {
    if (!given.startsWith(o.prefix)) throw new SignatureError(`${name} has an unknown format`);
    given = given.slice(o.prefix.length);
  }
  const expected = requireSecrets(secrets).map((s) => hmac('sha256', o.key ? o.key(s) : s, req.rawBody));
  if (!anyMatch(expected, [Buffer.from(given, o.encoding)])) throw new SignatureError(`${name} does not match`);
}

/** The signing side, for the sample signers. */
export const signBodyHmac = (body: Buffer, key: string | Buffer, encoding: 'base64' | 'hex') => hmac('sha256', key, body).toString(encoding);
