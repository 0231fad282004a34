import * as z from 'zod/mini';
import '../zod-locale.ts';

/**
 * What one Lambda reads (`schema`), and which of those it cannot start without when deployed (a
 * local run creates its own queues and falls back to documented local secrets, so nothing is
 * required there). Each function's slice lives in its own module (lib/platform/function-config/),
 * so a function builds the schemas of its own settings only.
 */
export interface Slice<S extends z.ZodMiniObject = z.ZodMiniObject> {
  schema: S;
  deployedRequires: readonly string[];
}

export const pick = <T extends Record<string, z.ZodMiniType>, K extends keyof T>(shape: T, keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, shape[k]])) as Pick<T, K>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * One Lambda's settings. Deployed (any stage but `local`) the variables the stack must provide are
 * checked at cold start, so a missing one fails with its name instead of at the first request.
 */
export function loadSlice<S extends z.ZodMiniObject>(name: string, slice: Slice<S>, env: Record<string, string | undefined>): z.infer<S> {
  const config = parseSettings(slice.schema, env);
  if ((config as { STAGE?: string }).STAGE !== 'local') {
    const missing = slice.deployedRequires.filter((k) => !env[k]);
    if (missing.length) throw new ConfigError(`invalid configuration for ${name}:\n${missing.map((k) => `  ${k}: required when deployed`).join('\n')}`);
  }
  return config;
}

export function parseSettings<S extends z.ZodMiniType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  // Empty strings mean "unset": shells and CDK often pass VAR= for optional values.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
