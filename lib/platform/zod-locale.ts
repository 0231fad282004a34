import * as z from 'zod/mini';

/**
 * zod/mini ships no error messages of its own (every issue reads "Invalid input") until a locale
 * is configured; classic zod registers English on first use. Every module on zod/mini imports this
 * first, so the messages (config errors, quarantine reasons, 400 details) stay the English ones
 * classic gave.
 *
 * Why not zod's own `locales/en.js`: it names every string format zod has (IBAN, KSUID, MAC...)
 * and comes to 2.7 kB in every bundle; this is its wording, message for message, for the formats
 * our schemas use (`STRING_FORMATS`). tests/unit/platform/zod-locale.test.ts compares the two on
 * every issue kind and fails when a schema in lib/ starts using a format not named here.
 */
export const STRING_FORMATS: Readonly<Record<string, string>> = {
  regex: 'input',
  url: 'URL',
  datetime: 'ISO datetime',
  date: 'ISO date',
  time: 'ISO time',
  duration: 'ISO duration',
};

const UNITS: Readonly<Record<string, string>> = { string: 'characters', file: 'bytes', array: 'items', set: 'items', map: 'entries' };

/** zod's name for the type of a value: `nan`, `null`, `array`, a class name, else `typeof`. */
function typeOf(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : Number.isFinite(v) ? 'number' : String(v);
  if (typeof v === 'object' && v !== null) {
    if (Array.isArray(v)) return 'array';
    if (Object.getPrototypeOf(v) !== Object.prototype && 'constructor' in v && v.constructor) return (v.constructor as { name: string }).name;
  }
  return v === null ? 'null' : typeof v;
}

const literal = (v: unknown) => (typeof v === 'bigint' ? `${v}n` : typeof v === 'string' ? `"${v}"` : `${v}`);

type Issue = Parameters<NonNullable<z.core.$ZodConfig['localeError']>>[0];

export function englishMessage(issue: Issue): string {
  const i = issue as Issue & Record<string, any>;
  switch (i.code) {
    case 'invalid_type':
      return `Invalid input: expected ${i.expected === 'nan' ? 'NaN' : i.expected}, received ${typeOf(i.input)}`;
    case 'invalid_value':
      return i.values.length === 1 ? `Invalid input: expected ${literal(i.values[0])}` : `Invalid option: expected one of ${i.values.map(literal).join('|')}`;
    case 'too_big':
    case 'too_small': {
      const big = i.code === 'too_big';
      const adj = i.exact ? 'exactly ' : `${big ? '<' : '>'}${i.inclusive ? '=' : ''}`;
      const unit = UNITS[i.origin];
      const bound = `${adj}${(big ? i.maximum : i.minimum).toString()}`;
      const origin = big ? (i.origin ?? 'value') : i.origin;
      return `Too ${big ? 'big' : 'small'}: expected ${origin} to ${unit ? `have ${bound} ${unit}` : `be ${bound}`}`;
    }
    case 'invalid_format':
      if (i.format === 'starts_with') return `Invalid string: must start with "${i.prefix}"`;
      if (i.format === 'ends_with') return `Invalid string: must end with "${i.suffix}"`;
      if (i.format === 'includes') return `Invalid string: must include "${i.includes}"`;
      if (i.format === 'regex') return `Invalid string: must match pattern ${i.pattern}`;
      return `Invalid ${STRING_FORMATS[i.format] ?? i.format}`;
    case 'not_multiple_of':
      return `Invalid number: must be a multiple of ${i.divisor}`;
    case 'unrecognized_keys':
      return `Unrecognized key${i.keys.length > 1 ? 's' : ''}: ${i.keys.map(literal).join(', ')}`;
    case 'invalid_key':
      return `Invalid key in ${i.origin}`;
    case 'invalid_union':
      if (Array.isArray(i.options) && i.options.length > 0) return `Invalid discriminator value. Expected ${i.options.map((o: unknown) => `'${o}'`).join(' | ')}`;
      return i.inclusive === false ? 'Invalid input: more than one option matched' : 'Invalid input';
    case 'invalid_element':
      return `Invalid value in ${i.origin}`;
    default:
      return 'Invalid input';
  }
}

if (!z.config().localeError) z.config({ localeError: englishMessage });
