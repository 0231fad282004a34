import { UnreadableBodyError } from './types.ts';

/** JSON bodies. Throws `UnreadableBodyError` (→ 400) for anything that is not one JSON value. */
export function decodeJson(raw: Buffer): unknown {
  if (raw.length === 0) throw new UnreadableBodyError('empty body');
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new UnreadableBodyError('body is not valid JSON');
  }
}

/** `application/x-www-form-urlencoded` bodies as a plain record (last value wins). */
export function decodeForm(raw: Buffer): Record<string, string> {
  const text = raw.toString('utf8');
  if (text.length === 0 || !/^[\x20-\x7e]*$/.test(text) || !text.includes('=')) {
    throw new UnreadableBodyError('body is not a URL-encoded form');
  }
  try {
    return Object.fromEntries(new URLSearchParams(text));
  } catch {
    throw new UnreadableBodyError('body is not a URL-encoded form');
  }
}

/** Lossless for 64-bit ids: turns long integer literals into strings before JSON.parse (Shopify, Douyin ids exceed 2^53). */
export function decodeJsonBigIntSafe(raw: Buffer): unknown {
  if (raw.length === 0) throw new UnreadableBodyError('empty body');
  const text = raw.toString('utf8');
  // Only integers of 16+ digits that sit in value position (after ':' , '[' or ',') are quoted.
  const safe = text.replace(/([:\[,]\s*)(-?\d{16,})(?=\s*[,\]}])/g, '$1"$2"');
  try {
    return JSON.parse(safe);
  } catch {
    throw new UnreadableBodyError('body is not valid JSON');
  }
}
