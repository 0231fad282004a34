import * as z from 'zod';
import { AFTER_SALES_TYPES, CATEGORIES } from '../canonical/canonical.ts';
import { STATUSES, TIERS } from '../complaints/domain/complaint-types.ts';
import { operatorName, ROLES } from '../operators/operator-types.ts';

export { operatorName };

/**
 * The API's shapes (contract §2) as zod schemas: routes validate with them and `/openapi.json` is
 * generated from them, so the document cannot drift from what the routes accept.
 */

export const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), requestId: z.string().optional() }) });

export const complaintSchema = z
  .object({
    id: z.string(),
    orderId: z.string(),
    platform: z.string().optional(),
    source: z.object({ provider: z.string(), eventId: z.string(), eventType: z.string() }),
    category: z.enum(CATEGORIES),
    tier: z.enum(TIERS),
    afterSalesType: z.enum(AFTER_SALES_TYPES).optional(),
    status: z.enum(STATUSES),
    flags: z.array(z.string()),
    owner: z.string().optional(),
    // Strict: a raw `phone` / `email` here would be a leak, and the document says so.
    customer: z.strictObject({ name: z.string().optional(), phoneMasked: z.string().optional(), emailMasked: z.string().optional() }),
    amount: z.object({ value: z.number(), currency: z.string() }).optional(),
    reason: z.string().optional(),
    demand: z.string().optional(),
    items: z.array(z.object({ sku: z.string(), name: z.string().optional(), batchId: z.string().optional(), quantity: z.number().optional() })).optional(),
    sla: z.object({ firstResponseDueAt: z.string(), reviewDueAt: z.string().optional(), resolutionDueAt: z.string(), followUpDueAt: z.string().optional(), breached: z.boolean() }),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
    timeline: z.array(z.lazy(() => timelineEntrySchema)).optional(),
  })
  ;

/** Contract §2: `actor` is the operator's name, a provider id or "system". */
export const timelineEntrySchema = z.object({ at: z.string(), provider: z.string(), eventType: z.string(), summary: z.string(), actor: z.string().optional() });
export const timelinePage = z.object({ items: z.array(timelineEntrySchema), nextCursor: z.string().optional() });
export const timelineQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(4000).optional() });

/** The one answer that carries raw contact data: for the operator's call, never cached or logged. */
export const revealSchema = z.strictObject({ phone: z.string().optional(), email: z.string().optional() });

export const qualityAlertSchema = z.object({
  id: z.string(),
  type: z.literal('quality_batch'),
  state: z.enum(['open', 'resolved']),
  sku: z.string().optional(),
  batchId: z.string().optional(),
  category: z.string(),
  count: z.number().int(),
  windowDays: z.number(),
  complaintIds: z.array(z.string()),
  detectedAt: z.string(),
});

export const operatorCreateBody = z.object({ name: operatorName, role: z.enum(ROLES) });
export const operatorViewSchema = z.strictObject({ name: z.string(), role: z.enum(ROLES), createdAt: z.string(), createdBy: z.string(), revokedAt: z.string().optional() });
export const operatorCreated = z.object({ name: z.string(), role: z.enum(ROLES), token: z.string() });
export const sessionBody = z.object({ token: z.string().min(1).max(200) });

export const alertSchema = z
  .object({
    id: z.string(),
    type: z.literal('logistics_stall'),
    state: z.enum(['open', 'resolved']),
    carrier: z.string(),
    trackingNumber: z.string(),
    orderId: z.string(),
    batchId: z.string().optional(),
    lastEventAt: z.string(),
    detectedAt: z.string(),
    hoursWithoutUpdate: z.number(),
    complaintId: z.string(),
    incidentId: z.string(),
  })
  ;

export const notificationSchema = z
  .object({
    id: z.string(),
    incidentId: z.string(),
    batchId: z.string().optional(),
    orderId: z.string(),
    channel: z.string(),
    locale: z.string(),
    template: z.string(),
    status: z.enum(['queued', 'sent', 'failed', 'skipped']),
    reason: z.string().optional(),
    queuedAt: z.string(),
    sentAt: z.string().optional(),
  })
  ;

export const complaintListQuery = z.object({
  orderId: z.string().max(200).optional(),
  status: z.enum(STATUSES).optional(),
  tier: z.enum(TIERS).optional(),
  category: z.enum(CATEGORIES).optional(),
  owner: z.string().min(1).max(200).optional(),
  /** `true` lists breached complaints, `false` the ones still within their clocks. */
  breached: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  platform: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(4000).optional(),
});

export const complaintPatchBody = z
  .object({
    status: z.enum(STATUSES).optional(),
    owner: z.string().min(1).max(200).optional(),
    note: z.string().min(1).max(2000).optional(),
    version: z.number().int().min(0).optional(),
    /** Records the follow-up call (回访) of a completed complaint and clears its clock. */
    followUpDone: z.literal(true).optional(),
  })
  .refine((b) => b.status !== undefined || b.owner !== undefined || b.note !== undefined || b.followUpDone, { message: 'one of status, owner, note, followUpDone is required' });

export const alertListQuery = z.object({ type: z.enum(['logistics_stall', 'quality_batch']).default('logistics_stall'), state: z.enum(['open', 'resolved']).default('open') });
export const notificationListQuery = z
  .object({ incidentId: z.string().max(200).optional(), batchId: z.string().max(200).optional(), orderId: z.string().max(200).optional() })
  .refine((q) => q.incidentId || q.batchId || q.orderId, { message: 'give incidentId, batchId or orderId' });

export const statsSchema = z
  .object({
    total: z.number(),
    byCategory: z.record(z.string(), z.number()),
    byTier: z.record(z.string(), z.number()),
    byStatus: z.record(z.string(), z.number()),
    slaBreaches: z.number(),
    medianMinutesToFirstResponse: z.number().nullable(),
    medianMinutesToResolution: z.number().nullable(),
  })
  .loose()
  ;
