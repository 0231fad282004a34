import { SignatureError } from './types.ts';

/**
 * Rejects timestamps outside ±tolerance. Both ways: a timestamp from the future is as suspicious as
 * an old one (Standard Webhooks' reference library does the same; stripe-node checks only age).
 */
export function assertFresh(timestampSeconds: number, now: Date, toleranceSeconds: number): void {
  if (!Number.isFinite(timestampSeconds)) throw new SignatureError('signature timestamp missing or malformed');
  const skew = Math.abs(now.getTime() / 1000 - timestampSeconds);
  if (skew > toleranceSeconds) throw new SignatureError('signature timestamp outside the tolerance window');
}

export function requireHeader(headers: Readonly<Record<string, string>>, name: string): string {
  const v = headers[name];
  if (!v) throw new SignatureError(`missing ${name} header`);
  return v;
}

export function requireSecrets(secrets: readonly string[]): readonly string[] {
  if (secrets.length === 0) throw new SignatureError('no secret configured for this provider');
  return secrets;
}
