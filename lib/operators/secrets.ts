import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Operator tokens and session ids: 32 random bytes, base64url. Only their SHA-256 is stored, so a
 * table dump (or a backup) holds nothing that signs anyone in. A slow hash buys nothing here: the
 * input is 256 random bits, not a password.
 */
export const newSecret = (prefix: string) => `${prefix}_${randomBytes(32).toString('base64url')}`;
export const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** Constant-time comparison of two strings (length leaks; the values do not). */
export function safeEqual(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}
