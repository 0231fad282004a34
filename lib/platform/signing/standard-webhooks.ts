import { anyMatch, hmac } from './crypto.ts';

/**
 * Standard Webhooks v1 (https://www.standardwebhooks.com), both directions: the `standard` intake
 * adapter verifies with it and the merchant-webhook channel signs with it.
 * `webhook-signature: v1,<base64 HMAC-SHA256(key, "id.timestamp.body")>`, key = base64 after `whsec_`.
 */
export function standardWebhooksKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
}

export function signStandardWebhook(secret: string | Buffer, id: string, timestampSeconds: number, body: string | Buffer): string {
  const key = typeof secret === 'string' ? standardWebhooksKey(secret) : secret;
  return `v1,${hmac('sha256', key, Buffer.concat([Buffer.from(`${id}.${timestampSeconds}.`), Buffer.from(body)])).toString('base64')}`;
}

/** True when any `v1,` signature in the (space-separated) header matches any of the secrets. */
export function standardWebhookMatches(secrets: readonly string[], id: string, timestamp: string, body: Buffer, signatureHeader: string): boolean {
  const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`), body]);
  const expected = secrets.map((s) => hmac('sha256', standardWebhooksKey(s), signed));
  const given = signatureHeader
    .split(' ')
    .map((part) => part.split(','))
    .filter(([version, value]) => version === 'v1' && value)
    .map(([, value]) => Buffer.from(value!, 'base64'));
  return anyMatch(expected, given);
}
