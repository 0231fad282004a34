import { validator } from 'hono/validator';
import type * as z from 'zod/mini';
import { HttpError } from '../platform/errors.ts';

/**
 * Hono's validator running a zod/mini schema, with our error body: 400 naming the fields (at most
 * five issues), never echoing values. The schemas come from zod/mini modules, which load the
 * English locale (lib/platform/zod-locale.ts) first.
 */
// Synchronous on purpose: no schema here is async, and mini's async transform resolves later, which
// would move a transformed key (`breached`) to the end of the parsed object.
const check = <T extends z.ZodMiniType>(schema: T) => (value: unknown): z.output<T> => {
  const result = schema.safeParse(value);
  if (!result.success) {
    const detail = result.error.issues.slice(0, 5).map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ');
    throw new HttpError(400, 'invalid_request', detail || 'invalid request');
  }
  return result.data;
};

export const validQuery = <T extends z.ZodMiniType>(schema: T) => validator('query', check(schema));
export const validJson = <T extends z.ZodMiniType>(schema: T) => validator('json', check(schema));
