import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature primitives every adapter and the outbound channels share, so nobody hand-rolls a
 * comparison. All comparisons are constant-time on equal-length buffers (a length mismatch fails
 * early, which leaks only the length of a well-known format).
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
