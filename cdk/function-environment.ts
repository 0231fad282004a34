import { configSchema, functionSlices, type FunctionName } from '../lib/platform/config.ts';

/**
 * The environment of one function: every variable its config slice reads that the stack has a
 * value for, and nothing else. A setting no function reads is a typo: synthesis stops on it.
 */
export function environmentFor(name: FunctionName, values: Record<string, string>): Record<string, string> {
  const unknown = Object.keys(values).filter((k) => !(k in configSchema.shape));
  if (unknown.length) throw new Error(`unknown settings (not in lib/platform/config.ts): ${unknown.join(', ')}`);
  const reads = functionSlices[name].schema.shape;
  return Object.fromEntries(Object.entries(values).filter(([k]) => k in reads));
}
