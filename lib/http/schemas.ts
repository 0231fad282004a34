import * as z from 'zod/mini';
import '../platform/zod-locale.ts';
import { CATEGORIES } from '../canonical/canonical.ts';
import { STATUSES, TIERS } from '../complaints/domain/complaint-types.ts';
import { BREAKDOWNS } from '../complaints/domain/stats.ts';
import { operatorName, ROLES } from '../operators/operator-types.ts';

export { operatorName };

/**
 * What the routes accept (contract §2) as zod schemas: routes validate with them and the
 * `/openapi.json` schemas are generated from them (openapi-schemas.ts; the answers' shapes are in
 * response-schemas.ts), so the document cannot drift from what the routes accept.
 */
export const timelineQuery = z.object({ limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50), cursor: z.optional(z.string().check(z.maxLength(4000))) });

export const operatorCreateBody = z.object({ name: operatorName, role: z.enum(ROLES) });
export const sessionBody = z.object({ token: z.string().check(z.minLength(1), z.maxLength(200)) });

export const complaintListQuery = z.object({
  orderId: z.optional(z.string().check(z.maxLength(200))),
  status: z.optional(z.enum(STATUSES)),
  tier: z.optional(z.enum(TIERS)),
  category: z.optional(z.enum(CATEGORIES)),
  owner: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  /** `true` lists breached complaints, `false` the ones still within their clocks. */
  breached: z.optional(z.pipe(z.enum(['true', 'false']), z.transform((v) => v === 'true'))),
  platform: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
  cursor: z.optional(z.string().check(z.maxLength(4000))),
});

export const complaintPatchBody = z
  .object({
    status: z.optional(z.enum(STATUSES)),
    owner: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
    note: z.optional(z.string().check(z.minLength(1), z.maxLength(2000))),
    version: z.optional(z.number().check(z.int(), z.minimum(0))),
    /** Records the follow-up call (回访) of a completed complaint and clears its clock. */
    followUpDone: z.optional(z.literal(true)),
  })
  .check(z.refine((b) => b.status !== undefined || b.owner !== undefined || b.note !== undefined || b.followUpDone, { message: 'one of status, owner, note, followUpDone is required' }));

/** `?breakdown=sku,batch`: the per-SKU and per-batch counts, which grow with the catalogue, only when asked for. */
export const statsQuery = z.object({
  breakdown: z.optional(z.string().check(z.regex(new RegExp(`^(${BREAKDOWNS.join('|')})(,(${BREAKDOWNS.join('|')}))*$`), { message: `a comma-separated list of ${BREAKDOWNS.join(', ')}` }))),
});

export const alertListQuery = z.object({ type: z._default(z.enum(['logistics_stall', 'quality_batch']), 'logistics_stall'), state: z._default(z.enum(['open', 'resolved']), 'open') });
export const notificationListQuery = z
  .object({ incidentId: z.optional(z.string().check(z.maxLength(200))), batchId: z.optional(z.string().check(z.maxLength(200))), orderId: z.optional(z.string().check(z.maxLength(200))) })
  .check(z.refine((q) => q.incidentId || q.batchId || q.orderId, { message: 'give incidentId, batchId or orderId' }));
