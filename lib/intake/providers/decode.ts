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

/**
 * Lossless for 64-bit ids (Shopify, Douyin ids exceed 2^53): integer literals of 16+ digits outside
 * strings become strings before JSON.parse. A small scanner, not a regex, so digits inside string
 * values (Douyin's JSON-in-a-string `data`) are never touched.
 */
export function decodeJsonBigIntSafe(raw: Buffer): unknown {
  if (raw.length === 0) throw new UnreadableBodyError('empty body');
  const text = raw.toString('utf8');
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92 /* \ */) i++;
    } else if ((c >= 48 && c <= 57) || c === 45 /* - */) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      const next = text[j];
      const digits = j - i - (c === 45 ? 1 : 0);
      if (digits >= 16 && next !== '.' && next !== 'e' && next !== 'E') {
        out += `${text.slice(last, i)}"${text.slice(i, j)}"`;
        last = j;
      }
      i = j - 1;
    }
  }
  try {
    return JSON.parse(last ? out + text.slice(last) : text);
  } catch {
    throw new UnreadableBodyError('body is not valid JSON');
  }
}
