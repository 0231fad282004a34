import * as z from 'zod/mini';
import '../zod-locale.ts';
import { coercedNumber } from '../zod-parts.ts';

/** The value kinds settings come in: environment strings coerced, bounded and defaulted. */
export const int = (def: number, min = 0) => z._default(coercedNumber().check(z.int(), z.minimum(min)), def);
export const num = (def: number, min = 0) => z._default(coercedNumber().check(z.minimum(min)), def);

/** `a=1,b=2` → `{a:1,b:2}` */
export const numberMap = (def: string) =>
  z.pipe(
    z._default(z.string(), def),
    z.transform((s: string, ctx) => {
      const out: Record<string, number> = {};
      for (const pair of s.split(',').map((p) => p.trim()).filter(Boolean)) {
        const [k, v] = pair.split('=');
        const n = Number(v);
        if (!k || v === undefined || !Number.isFinite(n)) {
          // mini's transform context has no addIssue: the issue goes on the payload (what classic's addIssue does).
          ctx.issues.push({ code: 'custom', message: `expected key=number pairs, got "${pair}"`, input: s });
          return z.NEVER;
        }
        out[k.trim()] = n;
      }
      return out;
    }),
  );

export const optionalUrl = () => z.optional(z.string().check(z.url()));
/** `true` / `false` from the environment; a boolean as is (a parsed config parses again unchanged). */
export const boolish = (def: boolean) => z._default(z.union([z.boolean(), z.pipe(z.enum(['true', 'false']), z.transform((v) => v === 'true'))]), def);

export const list = (def: string) =>
  z.pipe(
    z._default(z.string(), def),
    z.transform((s: string) => s.split(',').map((x) => x.trim()).filter(Boolean)),
  );
