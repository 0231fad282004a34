import { zValidator } from '@hono/zod-validator';
import type { ZodType } from 'zod';
import { HttpError } from '../platform/errors.ts';

/** Hono's zod validator with our error body: 400 naming the fields, never echoing values. */
const hook = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) => {
  if (!result.success) {
    const detail = (result.error?.issues ?? []).slice(0, 5).map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ');
    throw new HttpError(400, 'invalid_request', detail || 'invalid request');
  }
};

export const validQuery = <T extends ZodType>(schema: T) => zValidator('query', schema, hook);
export const validJson = <T extends ZodType>(schema: T) => zValidator('json', schema, hook);
