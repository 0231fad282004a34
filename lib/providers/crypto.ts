import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SignatureError } from './types.ts';

/**
 * The signature primitives every adapter shares, so no adapter hand-rolls a comparison.
 * All comparisons are constant-time on equal-length buffers (length mismatch fails early, which
 * leaks only the length of a well-known format).
 */
export function safeEqual(a: Buffer | string, b: Buffer | string): boolean {
  const ab = typeof a === 'string' ? Buffer.from(a) : a;
  const bb = typeof b === 'string' ? Buffer.from(b) : b;
  return ab.length === bb.length && ab.length > 0 && timingSafeEqual(ab, bb);
}

export function hmac(alg: 'sha256' | 'sha1' | 'sha512', key: string | Buffer, data: string | Buffer): Buffer {
  return createHmac(alg, key).update(data).digest();
}

export function digest(alg: 'sha256' | 'md5' | 'sha1', data: string | Buffer): Buffer {
  return createHash(alg).update(data).digest();
}

/** True when any of `candidates` equals `expected` (several signatures in one header, several secrets). */
export function anyMatch(expected: readonly Buffer[], candidates: readonly (Buffer | string)[]): boolean {
  let ok = false;
  // No early exit: every pair is compared so timing does not reveal which secret matched.
  for (const e of expected) for (const c of candidates) ok = safeEqual(e, c) || ok;
  return ok;
}

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
