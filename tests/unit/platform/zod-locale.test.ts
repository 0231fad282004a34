import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { englishMessage, STRING_FORMATS } from '../../../lib/platform/zod-locale.ts';
import { canonicalBodySchema } from '../../../lib/canonical/canonical.ts';

/** Our English messages are zod's own English ones (locales/en.js), issue for issue. */
const zodEnglish = en().localeError!;
type Issue = Parameters<typeof zodEnglish>[0];
const issue = (i: Record<string, unknown>) => i as unknown as Issue;

/** Every string format zod names (the keys of en.js's FormatDictionary). */
const ZOD_FORMATS = ['regex', 'email', 'url', 'emoji', 'uuid', 'uuidv4', 'uuidv6', 'nanoid', 'guid', 'cuid', 'cuid2', 'ulid', 'xid', 'ksuid', 'datetime', 'date', 'time', 'duration', 'ipv4', 'ipv6', 'mac', 'cidrv4', 'cidrv6', 'base64', 'base64url', 'json_string', 'e164', 'currency_code', 'credit_card', 'iban', 'jwt', 'template_literal'];

class Thing {}
const inputs: unknown[] = [undefined, null, 0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '', 'x', true, 10n, Symbol('s'), () => 1, [], {}, Object.create(null), new Date(0), new Thing(), Buffer.from('a'), new Map()];
const types = ['string', 'number', 'nan', 'boolean', 'bigint', 'object', 'array', 'null', 'undefined', 'date', 'symbol', 'function', 'never'];
const origins = ['string', 'number', 'array', 'set', 'map', 'file', 'bigint', 'date', 'value', undefined];

const issues: Issue[] = [
  ...types.flatMap((expected) => inputs.map((input) => issue({ code: 'invalid_type', expected, input }))),
  ...[['a'], [1], [true], [null], [10n], ['a', 'b', 3]].map((values) => issue({ code: 'invalid_value', values })),
  ...(['too_big', 'too_small'] as const).flatMap((code) =>
    origins.flatMap((origin) =>
      [
        { inclusive: true },
        { inclusive: false },
        { exact: true, inclusive: true },
      ].map((o) => issue({ code, origin, ...o, [code === 'too_big' ? 'maximum' : 'minimum']: code === 'too_big' ? 200 : 3n })),
    ),
  ),
  ...ZOD_FORMATS.filter((f) => f in STRING_FORMATS).map((format) => issue({ code: 'invalid_format', format, pattern: /^a+$/ })),
  issue({ code: 'invalid_format', format: 'starts_with', prefix: 'ab' }),
  issue({ code: 'invalid_format', format: 'ends_with', suffix: 'yz' }),
  issue({ code: 'invalid_format', format: 'includes', includes: 'mm' }),
  issue({ code: 'not_multiple_of', divisor: 5 }),
  issue({ code: 'unrecognized_keys', keys: ['a'] }),
  issue({ code: 'unrecognized_keys', keys: ['a', 'b'] }),
  issue({ code: 'invalid_key', origin: 'record' }),
  issue({ code: 'invalid_union', errors: [] }),
  issue({ code: 'invalid_union', errors: [], inclusive: false }),
  issue({ code: 'invalid_union', errors: [], options: ['a', 'b'] }),
  issue({ code: 'invalid_element', origin: 'map' }),
  issue({ code: 'custom' }),
];

describe('zod English messages without zod\'s locale file', () => {
  it('words every issue kind exactly as zod\'s en.js does', () => {
    for (const i of issues) expect(englishMessage(i), JSON.stringify(i, (_k, v) => (typeof v === 'bigint' ? `${v}n` : typeof v === 'symbol' ? 'symbol' : v))).toBe(zodEnglish(i));
    expect(issues.length).toBeGreaterThan(250);
  });

  it('names every string format the schemas in lib/ use (a new one must be added to STRING_FORMATS)', () => {
    const LIB = resolve(import.meta.dirname, '../../../lib');
    const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));
    const source = files(LIB).map((f) => readFileSync(f, 'utf8')).join('\n');
    const used = ZOD_FORMATS.filter((f) => new RegExp(`\\bz\\.(?:iso\\.)?${f}\\(`).test(source));
    expect(used).toEqual(expect.arrayContaining(['url', 'datetime']));
    for (const format of used) expect(englishMessage(issue({ code: 'invalid_format', format })), format).toBe(zodEnglish(issue({ code: 'invalid_format', format })));
    // ...and the comparison would notice a format left out (zod says "Invalid email address").
    expect(englishMessage(issue({ code: 'invalid_format', format: 'email' }))).not.toBe(zodEnglish(issue({ code: 'invalid_format', format: 'email' })));
  });

  it('is the locale the schemas report with (a quarantine reason reads as before)', () => {
    const r = canonicalBodySchema.safeParse({ type: 'tracking.updated', timestamp: 'yesterday', data: { carrier: 'sf', trackingNumber: '', status: 'lost', occurredAt: '2026-01-01T00:00:00Z' } });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'timestamp: Invalid ISO datetime',
      'data.trackingNumber: Too small: expected string to have >=1 characters',
      'data.status: Invalid option: expected one of "info_received"|"in_transit"|"out_for_delivery"|"failed_attempt"|"available_for_pickup"|"delivered"|"exception"|"returned"|"unknown"',
    ]);
    expect(z.config().localeError).toBe(englishMessage);
  });
});
