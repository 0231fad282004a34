import * as z from 'zod';
import { AFTER_SALES_TYPES, CATEGORIES } from '../canonical/canonical.ts';
import { STATUSES, TIERS } from '../complaints/domain/complaint-types.ts';

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
    customer: z.object({ name: z.string().optional(), phoneMasked: z.string().optional(), emailMasked: z.string().optional() }),
    amount: z.object({ value: z.number(), currency: z.string() }).optional(),
    reason: z.string().optional(),
    demand: z.string().optional(),
    sla: z.object({ firstResponseDueAt: z.string(), reviewDueAt: z.string().optional(), resolutionDueAt: z.string(), breached: z.boolean() }),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
    timeline: z.array(z.object({ at: z.string(), provider: z.string(), eventType: z.string(), summary: z.string() })).optional(),
  })
  ;

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
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(4000).optional(),
});

export const complaintPatchBody = z
  .object({
    status: z.enum(STATUSES).optional(),
    owner: z.string().min(1).max(200).optional(),
    note: z.string().min(1).max(2000).optional(),
    version: z.number().int().min(0).optional(),
  })
  .refine((b) => b.status !== undefined || b.owner !== undefined || b.note !== undefined, { message: 'one of status, owner, note is required' });

export const alertListQuery = z.object({ type: z.literal('logistics_stall').default('logistics_stall'), state: z.enum(['open', 'resolved']).default('open') });
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
