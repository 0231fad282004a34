/**
 * Personal data never leaves the service in clear: API output carries masked contacts, and every
 * log string passes `scrubPii`. Masks keep enough to recognise a customer on the phone
 * (country code, prefix, last four digits; first letter and domain of an e-mail).
 *
 * Everything here is a hand-written scanner, not a regex: the scrubber runs on unauthenticated
 * input (request paths in the request log) and on every read of stored text, so its cost must be
 * linear in the input on any input (issue 18: a backtracking e-mail regex made a 16 KB path cost
 * 270 ms). Each character is visited a bounded number of times; input past `SCRUB_MAX_CHARS` is cut.
 *
 * Matching runs on an NFKC-folded view of the text (full-width digits, `＠`, `．`, ideographic and
 * no-break spaces become ASCII; zero-width characters vanish), while the output keeps the original
 * text outside the masked spans: normalising the whole text would also rewrite the customer's
 * full-width punctuation, which is normal in Chinese text and not ours to change.
 */

/** Longer input is cut before scanning: above the webhook body limit, nothing legitimate is this long. */
export const SCRUB_MAX_CHARS = 256 * 1024;
/** A contact field longer than this is not a phone number or an e-mail; masking it whole is safest. */
const MASK_MAX_CHARS = 1024;

// ---------------------------------------------------------------------------------------------
// Folding: one ASCII code (or OTHER) per code point of the input, plus where it came from.

const OTHER = 0x80; // any character that folds to nothing ASCII: a CJK letter, an emoji, ...

/** Characters that may be slipped between digits to dodge a scrubber; they never separate words. */
const IGNORABLE = new Set([0x00ad, 0x180e, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);
/** Dashes NFKC leaves alone but people (and word processors) type between phone digit groups. */
const DASHES = new Set([0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xfe58]);

/**
 * Per-code-point NFKC fold, memoised. Bounded so that an input of many distinct characters cannot
 * grow it without limit; clearing costs only recomputation, never correctness.
 */
const foldCache = new Map<number, number>();
const FOLD_CACHE_MAX = 8192;

function foldCodePoint(cp: number): number {
  if (cp < 0x80) return cp;
  // Fast exits for the big blocks whose characters never fold to ASCII (CJK, kana, Hangul, emoji):
  // the common case for Chinese text, and it keeps hostile input from filling the cache.
  if ((cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x9fff) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0x1f300 && cp <= 0x1faff) || cp >= 0x20000) {
    return OTHER;
  }
  if (DASHES.has(cp)) return 0x2d;
  const hit = foldCache.get(cp);
  if (hit !== undefined) return hit;
  const n = String.fromCodePoint(cp).normalize('NFKC');
  const folded = n.length === 1 && n.charCodeAt(0) < 0x80 ? n.charCodeAt(0) : OTHER;
  if (foldCache.size >= FOLD_CACHE_MAX) foldCache.clear();
  foldCache.set(cp, folded);
  return folded;
}

interface Folded {
  /** Folded code per kept code point. */
  code: Uint8Array;
  /** Start and end (exclusive) UTF-16 offsets of that code point in the original text. */
  start: Int32Array;
  end: Int32Array;
  length: number;
}

function fold(text: string): Folded {
  const code = new Uint8Array(text.length);
  const start = new Int32Array(text.length);
  const end = new Int32Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (!IGNORABLE.has(cp)) {
      code[n] = foldCodePoint(cp);
      start[n] = i;
      end[n] = i + width;
      n++;
    }
    i += width;
  }
  return { code, start, end, length: n };
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isWord = (c: number) => isDigit(c) || isLetter(c) || c === 0x5f;
/** Local part of an e-mail: [A-Za-z0-9._%+-] */
const isLocal = (c: number) => isWord(c) || c === 0x2e || c === 0x25 || c === 0x2b || c === 0x2d;
/** Domain: [A-Za-z0-9.-] (labels and the dots between them) */
const isDomain = (c: number) => isDigit(c) || isLetter(c) || c === 0x2d || c === 0x2e;

const AT = 0x40;
const DOT = 0x2e;
const DASH = 0x2d;
const COLON = 0x3a;
const PLUS = 0x2b;
const SPACE = 0x20;
const LPAREN = 0x28;
const RPAREN = 0x29;

interface Span {
  from: number; // folded index, inclusive
  to: number; // folded index, exclusive
  mask: string;
}

// ---------------------------------------------------------------------------------------------
// E-mails: anchored at each '@', expanding left over the local part and right over the domain.
// A character is scanned at most twice (as the domain of one '@' and the local part of the next).

function findEmails(f: Folded): Span[] {
  const out: Span[] = [];
  const c = f.code;
  let floor = 0; // nothing left of this belongs to a later e-mail (it is inside an earlier one)
  for (let k = 0; k < f.length; k++) {
    if (c[k] !== AT) continue;
    let l = k;
    while (l > floor && isLocal(c[l - 1]!)) l--;
    if (l === k) continue;
    // Domain: labels [A-Za-z0-9-]+ separated by single dots; the match ends after the last label
    // (not the first) that starts with 2+ letters, at the end of those letters (a TLD).
    let r = k + 1;
    let labelStart = r;
    let labelIndex = 0;
    let tldEnd = -1;
    for (;;) {
      const ch = r < f.length ? c[r]! : -1;
      if (ch !== -1 && isDomain(ch) && ch !== DOT) {
        r++;
        continue;
      }
      if (r === labelStart) break; // empty label: the domain ends before it
      if (labelIndex >= 1) {
        let letters = 0;
        while (labelStart + letters < r && isLetter(c[labelStart + letters]!)) letters++;
        if (letters >= 2) tldEnd = labelStart + letters;
      }
      if (ch !== DOT) break;
      r++;
      labelStart = r;
      labelIndex++;
    }
    if (tldEnd < 0) continue;
    let domain = '';
    for (let i = k + 1; i < tldEnd; i++) domain += String.fromCharCode(c[i]!);
    out.push({ from: l, to: tldEnd, mask: `${String.fromCharCode(c[l]!)}***@${domain}` });
    floor = tldEnd;
    k = tldEnd - 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Phones: 7+ digits, optionally a leading '+', groups separated by one space, dash or dot, the
// first group optionally in parentheses. Not glued to a word, not part of a decimal, a time, a
// date or a dashed id. After a candidate is rejected the scan resumes after it, never inside it:
// that is what keeps "1 1 1 ... 1.5" linear.

function startAllowed(c: Uint8Array, i: number): boolean {
  if (i === 0) return true;
  const p = c[i - 1]!;
  if (isWord(p) || p === DASH || p === PLUS) return false;
  // "Tel.138…" and "电话:138…" are labels; "3.14159265" and "10:1234567" are numbers.
  if ((p === DOT || p === COLON) && i >= 2 && isDigit(c[i - 2]!)) return false;
  return true;
}

interface PhoneCandidate {
  end: number; // folded index after the candidate
  digits: string;
  plus: boolean;
  groups: number[];
  seps: number[];
}

function readPhone(c: Uint8Array, len: number, i: number): PhoneCandidate | undefined {
  let j = i;
  const plus = c[j] === PLUS;
  if (plus) j++;
  let digits = '';
  const groups: number[] = [];
  const seps: number[] = [];
  let parenUsed = false;
  // End of the last complete group: a separator consumed before a group that then fails to parse
  // ("…5678 (call me)") is not part of the number.
  let lastEnd = j;
  for (;;) {
    const ch = j < len ? c[j]! : -1;
    if (isDigit(ch)) {
      const g = j;
      while (j < len && isDigit(c[j]!)) digits += String.fromCharCode(c[j++]!);
      groups.push(j - g);
      lastEnd = j;
    } else if (ch === LPAREN && !parenUsed && groups.length <= 1 && j + 1 < len && isDigit(c[j + 1]!)) {
      let e = j + 1;
      while (e < len && isDigit(c[e]!)) e++;
      if (e >= len || c[e] !== RPAREN || e - j - 1 > 5) break;
      for (let x = j + 1; x < e; x++) digits += String.fromCharCode(c[x]!);
      groups.push(e - j - 1);
      parenUsed = true;
      j = e + 1;
      lastEnd = j;
      // "(415) 555" and "(415)555" both continue with the next group.
      if (j < len && isDigit(c[j]!)) continue;
    } else {
      break;
    }
    const sep = j < len ? c[j]! : -1;
    const next = j + 1 < len ? c[j + 1]! : -1;
    if ((sep === SPACE || sep === DASH || sep === DOT) && (isDigit(next) || (next === LPAREN && !parenUsed && groups.length <= 1))) {
      seps.push(sep);
      j++;
      continue;
    }
    break;
  }
  if (groups.length === 0) return undefined;
  return { end: lastEnd, digits, plus, groups, seps: seps.slice(0, groups.length - 1) };
}

function looksLikeDate(p: PhoneCandidate): boolean {
  const [y, m, d] = p.groups;
  return p.groups.length === 3 && y === 4 && m! <= 2 && d! <= 2 && !p.plus && /^(19|20)/.test(p.digits) && p.seps.every((s) => s === DASH || s === DOT);
}

function acceptPhone(c: Uint8Array, len: number, p: PhoneCandidate): boolean {
  if (p.digits.length < 7) return false;
  // A single dot between digits is a decimal point ("1234567.89"); dotted phones have two or more.
  const dots = p.seps.filter((s) => s === DOT).length;
  if (dots === 1) return false;
  if (looksLikeDate(p)) return false;
  const a = p.end < len ? c[p.end]! : -1;
  const b = p.end + 1 < len ? c[p.end + 1]! : -1;
  if (isWord(a)) return false;
  // "…5678." ends a sentence; "….5" / ":30" / "-7" / "-ab" continue a number, time or id.
  if ((a === DOT || a === COLON || a === DASH) && isDigit(b)) return false;
  if (a === DASH && isLetter(b)) return false;
  return true;
}

function findPhones(f: Folded, skip: Span[]): Span[] {
  const out: Span[] = [];
  const c = f.code;
  let s = 0;
  for (let i = 0; i < f.length; i++) {
    while (s < skip.length && skip[s]!.to <= i) s++;
    if (s < skip.length && skip[s]!.from <= i) {
      i = skip[s]!.to - 1;
      continue;
    }
    const ch = c[i]!;
    if (!isDigit(ch) && ch !== PLUS && ch !== LPAREN) continue;
    if (!startAllowed(c, i)) {
      // Skip the rest of this digit run: a suffix of it is glued to the same word.
      while (i + 1 < f.length && isDigit(c[i + 1]!)) i++;
      continue;
    }
    // Never run into an e-mail's span ("13812345678@163.com" is the e-mail's).
    const limit = s < skip.length ? skip[s]!.from : f.length;
    const p = readPhone(c, limit, i);
    if (!p) continue;
    if (acceptPhone(c, f.length, p)) out.push({ from: i, to: p.end, mask: maskDigits(p.plus, p.digits) });
    i = Math.max(i, p.end - 1);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

function maskDigits(plus: boolean, d: string): string {
  if (d.length <= 4) return '****';
  // +86 138 ****5678: keep a country code of up to 2 digits only when the number is long enough to carry one.
  const cc = plus && d.length > 11 ? d.slice(0, d.length - 11) : '';
  const national = d.slice(cc.length);
  const head = national.length > 7 ? national.slice(0, 3) : '';
  return `${plus ? '+' : ''}${cc}${head}****${national.slice(-4)}`;
}

function foldedString(text: string): string {
  const f = fold(text);
  let s = '';
  for (let i = 0; i < f.length; i++) s += f.code[i] === OTHER ? '\u0080' : String.fromCharCode(f.code[i]!);
  return s;
}

export function maskPhone(phone: string): string {
  if (phone.length > MASK_MAX_CHARS) return '****';
  const s = foldedString(phone);
  const plus = s.trimStart().startsWith('+');
  let digits = '';
  for (let i = 0; i < s.length; i++) if (isDigit(s.charCodeAt(i))) digits += s[i];
  return maskDigits(plus, digits);
}

export function maskEmail(email: string): string {
  if (email.length > MASK_MAX_CHARS) return '***';
  const s = foldedString(email);
  const at = s.lastIndexOf('@');
  if (at < 1) return '***';
  return `${s[0]}***@${s.slice(at + 1)}`;
}

/** Masks e-mails and phone-number-like digit runs inside free text. Linear in `text.length`. */
export function scrubPii(text: string): string {
  let input = text;
  let tail = '';
  if (input.length > SCRUB_MAX_CHARS) {
    tail = `…[${input.length - SCRUB_MAX_CHARS} chars cut]`;
    input = input.slice(0, SCRUB_MAX_CHARS);
  }
  // Pure ASCII without a digit or '@' cannot hold anything we mask (one linear char-class test).
  if (!/[\d@]|[^\x00-\x7f]/.test(input)) return input + tail;
  const f = fold(input);
  const emails = findEmails(f);
  const phones = findPhones(f, emails);
  if (emails.length === 0 && phones.length === 0) return input + tail;
  const spans = [...emails, ...phones].sort((a, b) => a.from - b.from);
  let out = '';
  let at = 0;
  for (const sp of spans) {
    const from = f.start[sp.from]!;
    out += input.slice(at, from) + sp.mask;
    at = f.end[sp.to - 1]!;
  }
  return out + input.slice(at) + tail;
}
