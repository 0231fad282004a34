import * as z from 'zod/mini';
import '../platform/zod-locale.ts';
import { publicComplaintSchema } from '../complaints/domain/public-complaint.ts';
import { ROLES } from '../operators/operator-types.ts';

/**
 * What the API answers (contract §2), for `/openapi.json` only: the routes never parse their own
 * answers, so these live apart from the request schemas and stay out of the operator bundle
 * (`openapi-schemas.json` carries their JSON Schema).
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

export const operatorViewSchema = z.strictObject({ name: z.string(), role: z.enum(ROLES), createdAt: z.string(), createdBy: z.string(), revokedAt: z.optional(z.string()) });
export const operatorCreated = z.object({ name: z.string(), role: z.enum(ROLES), token: z.string() });
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

export const statsSchema = z.looseObject({
  total: z.number(),
  byCategory: z.record(z.string(), z.number()),
  byTier: z.record(z.string(), z.number()),
  byStatus: z.record(z.string(), z.number()),
  slaBreaches: z.number(),
  medianMinutesToFirstResponse: z.nullable(z.number()),
  medianMinutesToResolution: z.nullable(z.number()),
  /** Only with `?breakdown=sku` / `batch`. */
  bySku: z.optional(z.record(z.string(), z.number())),
  byBatch: z.optional(z.record(z.string(), z.number())),
});

