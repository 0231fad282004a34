import * as z from 'zod/mini';
import { _coercedNumber, _isoDateTime, type $ZodISODateTimeParams, type $ZodNumberParams } from 'zod/v4/core';
import './zod-locale.ts';

/**
 * `z.coerce.number()` and `z.iso.datetime()` without the namespaces they sit in. Reaching a
 * function through `z.coerce` or `z.iso` makes esbuild keep the whole namespace object, i.e. every
 * member's schema class (coerced bigint and date; ISO date, time and duration): about 3 kB in each
 * bundle that validates a number from a string or an ISO time. These are the same calls
 * zod/mini's own `coerce.number` and `iso.datetime` make.
 */
// @__NO_SIDE_EFFECTS__
export function coercedNumber(params?: string | $ZodNumberParams): z.ZodMiniNumber<unknown> {
  return _coercedNumber(z.ZodMiniNumber, params) as z.ZodMiniNumber<unknown>;
}

// @__NO_SIDE_EFFECTS__
export function isoDateTime(params?: string | $ZodISODateTimeParams): z.ZodMiniISODateTime {
  return _isoDateTime(z.ZodMiniISODateTime, params);
}
