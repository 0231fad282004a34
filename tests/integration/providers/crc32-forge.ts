import { crc32 } from 'node:zlib';

/**
 * What issue 18's attacker did: CRC32 is affine over GF(2), so for equal-length messages
 * crc(a ⊕ b ⊕ c) = crc(a) ⊕ crc(b) ⊕ crc(c). A 48-character pad of 'a'/'c' (which differ in one
 * bit) gives 48 independent 32-bit contributions; solving one small linear system picks the pad
 * that makes any JSON body hit a chosen CRC32. Printable, valid JSON, milliseconds.
 */
export function forgeWithCrc(template: (pad: string) => string, target: number): Buffer {
  const n = 48;
  const base = Buffer.from(template('a'.repeat(n)));
  const c0 = crc32(base) >>> 0;
  const vectors = Array.from({ length: n }, (_, i) => {
    const pad = 'a'.repeat(i) + 'c' + 'a'.repeat(n - i - 1);
    return (crc32(Buffer.from(template(pad))) >>> 0) ^ c0;
  });
  // Gaussian elimination over GF(2): basis[b] has its highest set bit at b; `m` records which pad
  // positions it combines.
  const basis: ({ v: number; m: bigint } | undefined)[] = new Array(32);
  vectors.forEach((vec, i) => {
    let v = vec;
    let m = 1n << BigInt(i);
    for (let b = 31; b >= 0 && v; b--) {
      if (!((v >>> b) & 1)) continue;
      const row = basis[b];
      if (!row) {
        basis[b] = { v, m };
        return;
      }
      v = (v ^ row.v) >>> 0;
      m ^= row.m;
    }
  });
  let want = (c0 ^ target) >>> 0;
  let m = 0n;
  for (let b = 31; b >= 0; b--) {
    if (!((want >>> b) & 1)) continue;
    const row = basis[b];
    if (!row) throw new Error('no solution for this template (try a longer pad)');
    want = (want ^ row.v) >>> 0;
    m ^= row.m;
  }
  const pad = Array.from({ length: n }, (_, i) => ((m >> BigInt(i)) & 1n ? 'c' : 'a')).join('');
  const forged = Buffer.from(template(pad));
  if (crc32(forged) >>> 0 !== target) throw new Error('forgery failed');
  return forged;
}
