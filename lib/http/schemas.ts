import * as z from 'zod/mini';
import '../platform/zod-locale.ts';
import { publicComplaintSchema } from '../complaints/domain/public-complaint.ts';
import { AFTER_SALES_TYPES, CATEGORIES } from '../canonical/canonical.ts';
import { STATUSES, TIERS } from '../complaints/domain/complaint-types.ts';
import { operatorName, ROLES } from '../operators/operator-types.ts';

export { operatorName };

/**
 * The API's shapes (contract §2) as zod schemas: routes validate with them and `/openapi.json` is
 * generated from them, so the document cannot drift from what the routes accept.
 */

export const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), requestId: z.optional(z.string()) }) });

/**
 * The API's complaint IS the public complaint (lib/complaints/domain/public-complaint.ts, the
 * allowlist the views are picked by), documented strictly where a leak would show: the contact.
 */
export const complaintSchema = z.extend(publicComplaintSchema, {
  // Strict: a raw `phone` / `email` here would be a leak, and the document says so.
  customer: z.strictObject(publicComplaintSchema.shape.customer.shape),
  timeline: z.optional(z.array(z.lazy(() => timelineEntrySchema))),
});

/** Contract §2: `actor` is the operator's name, a provider id or "system". */
export const timelineEntrySchema = z.object({ at: z.string(), provider: z.string(), eventType: z.string(), summary: z.string(), actor: z.optional(z.string()) });
export const timelinePage = z.object({ items: z.array(timelineEntrySchema), nextCursor: z.optional(z.string()) });
export const timelineQuery = z.object({ limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50), cursor: z.optional(z.string().check(z.maxLength(4000))) });

/** The one answer that carries raw contact data: for the operator's call, never cached or logged. */
export const revealSchema = z.strictObject({ phone: z.optional(z.string()), email: z.optional(z.string()) });

export const qualityAlertSchema = z.object({
  id: z.string(),
  type: z.literal('quality_batch'),
  state: z.enum(['open', 'resolved']),
  sku: z.optional(z.string()),
  batchId: z.optional(z.string()),
  category: z.string(),
  count: z.number().check(z.int()),
  windowDays: z.number(),
  complaintIds: z.array(z.string()),
  detectedAt: z.string(),
});

export const operatorCreateBody = z.object({ name: operatorName, role: z.enum(ROLES) });
export const operatorViewSchema = z.strictObject({ name: z.string(), role: z.enum(ROLES), createdAt: z.string(), createdBy: z.string(), revokedAt: z.optional(z.string()) });
export const operatorCreated = z.object({ name: z.string(), role: z.enum(ROLES), token: z.string() });
export const sessionBody = z.object({ token: z.string().check(z.minLength(1), z.maxLength(200)) });

export const alertSchema = z.object({
  id: z.string(),
  type: z.literal('logistics_stall'),
  state: z.enum(['open', 'resolved']),
  carrier: z.string(),
  trackingNumber: z.string(),
  orderId: z.string(),
  batchId: z.optional(z.string()),
  lastEventAt: z.string(),
  detectedAt: z.string(),
  hoursWithoutUpdate: z.number(),
  complaintId: z.string(),
  incidentId: z.string(),
});

export const notificationSchema = z.object({
  id: z.string(),
  incidentId: z.string(),
  batchId: z.optional(z.string()),
  orderId: z.string(),
  channel: z.string(),
  locale: z.string(),
  template: z.string(),
  status: z.enum(['queued', 'sent', 'failed', 'skipped']),
  reason: z.optional(z.string()),
  queuedAt: z.string(),
  sentAt: z.optional(z.string()),
});

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

export const alertListQuery = z.object({ type: z._default(z.enum(['logistics_stall', 'quality_batch']), 'logistics_stall'), state: z._default(z.enum(['open', 'resolved']), 'open') });
export const notificationListQuery = z
  .object({ incidentId: z.optional(z.string().check(z.maxLength(200))), batchId: z.optional(z.string().check(z.maxLength(200))), orderId: z.optional(z.string().check(z.maxLength(200))) })
  .check(z.refine((q) => q.incidentId || q.batchId || q.orderId, { message: 'give incidentId, batchId or orderId' }));

export const statsSchema = z.looseObject({
  total: z.number(),
  byCategory: z.record(z.string(), z.number()),
  byTier: z.record(z.string(), z.number()),
  byStatus: z.record(z.string(), z.number()),
  slaBreaches: z.number(),
  medianMinutesToFirstResponse: z.nullable(z.number()),
  medianMinutesToResolution: z.nullable(z.number()),
});
