import { Logger } from '@aws-lambda-powertools/logger';
import { scrubPii } from './masking.ts';

export type { Logger } from '@aws-lambda-powertools/logger';

/** Machine-made values that look like digits runs but never hold personal data. */
const SAFE_KEYS = new Set(['timestamp', 'requestId', 'messageId', 'xray_trace_id', 'function_request_id', 'level', 'service']);

/**
 * A log field is for a human reading a line, not a copy of the input: longer strings are cut.
 * Scrubbed first (linear, itself bounded), then cut, so the cut can never leave half a phone
 * number unmasked at the boundary.
 */
export const LOG_STRING_MAX_CHARS = 4096;

function forLog(value: string): string {
  const s = scrubPii(value);
  return s.length > LOG_STRING_MAX_CHARS ? `${s.slice(0, LOG_STRING_MAX_CHARS)}…[${s.length - LOG_STRING_MAX_CHARS} chars cut]` : s;
}

/**
 * Powertools Logger: one JSON object per line, same in Lambda and locally. Every string value
 * passes through `scrubPii` on its way out, so a phone number or e-mail that slips into a log
 * field (a reason text, an error message) is masked even when the caller forgot to.
 */
export function createLogger(opts: { serviceName: string; level?: string }): Logger {
  return new Logger({
    serviceName: opts.serviceName,
    logLevel: (opts.level ?? 'INFO').toUpperCase() as 'INFO',
    jsonReplacerFn: (key: string, value: unknown) => (typeof value === 'string' && !SAFE_KEYS.has(key) ? forLog(value) : value),
  });
}
