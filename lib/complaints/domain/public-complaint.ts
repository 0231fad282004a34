import * as z from 'zod';
import { AFTER_SALES_TYPES, CATEGORIES } from '../../canonical/canonical.ts';
import { maskEmail, maskPhone, scrubPii } from '../../platform/masking.ts';
import type { Complaint, TimelineEntry } from './complaint-types.ts';
import { STATUSES, TIERS } from './vocabulary.ts';

/**
 * THE public shape of a complaint (contract §2), defined once. `toPublicComplaint` is derived from
 * it by picking exactly these keys (an allowlist), so a field added to the internal record never
 * reaches the API unless it is added here, where the OpenAPI document also reads it.
 */
export const publicTimelineEntrySchema = z.object({ at: z.string(), provider: z.string(), eventType: z.string(), summary: z.string(), actor: z.string() });

export const publicComplaintSchema = z.object({
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
  items: z.array(z.object({ sku: z.string(), name: z.string().optional(), batchId: z.string().optional(), quantity: z.number().optional() })).optional(),
  sla: z.object({
    firstResponseDueAt: z.string(),
    reviewDueAt: z.string().optional(),
    resolutionDueAt: z.string(),
    followUpDueAt: z.string().optional(),
    followUpDoneAt: z.string().optional(),
    breached: z.boolean(),
  }),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  timeline: z.array(publicTimelineEntrySchema).optional(),
});

export type PublicComplaint = z.infer<typeof publicComplaintSchema>;
export type PublicTimelineEntry = z.infer<typeof publicTimelineEntrySchema>;

/** Copies exactly the keys a zod object declares (recursively for nested objects and arrays of objects). */
function pickShape(schema: z.ZodType, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  const inner = schema instanceof z.ZodOptional || schema instanceof z.ZodNullable ? (schema.unwrap() as z.ZodType) : schema;
  if (inner instanceof z.ZodObject) {
    if (typeof value !== 'object') return undefined;
    const out: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(inner.shape as Record<string, z.ZodType>)) {
      const v = pickShape(s, (value as Record<string, unknown>)[k]);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  if (inner instanceof z.ZodArray) return Array.isArray(value) ? value.map((v) => pickShape(inner.element as z.ZodType, v)) : undefined;
  return value;
}

export function toPublicTimelineEntry(t: TimelineEntry): PublicTimelineEntry {
  const picked = pickShape(publicTimelineEntrySchema, t) as PublicTimelineEntry;
  return { ...picked, actor: picked.actor ?? picked.provider, summary: scrubPii(t.summary) };
}

/** The API view: allowlisted keys only, contact masked, free text scrubbed of phone numbers and e-mails. */
export function toPublicComplaint(c: Complaint, opts: { timeline?: boolean } = { timeline: true }): PublicComplaint {
  const out = pickShape(publicComplaintSchema, { ...c, timeline: undefined }) as PublicComplaint;
  out.customer = {
    ...(c.customer.name ? { name: scrubPii(c.customer.name) } : {}),
    ...((c.customer.phoneMasked ?? (c.contact?.phone ? maskPhone(c.contact.phone) : undefined)) ? { phoneMasked: c.customer.phoneMasked ?? maskPhone(c.contact!.phone!) } : {}),
    ...((c.customer.emailMasked ?? (c.contact?.email ? maskEmail(c.contact.email) : undefined)) ? { emailMasked: c.customer.emailMasked ?? maskEmail(c.contact!.email!) } : {}),
  };
  if (out.reason) out.reason = scrubPii(out.reason);
  if (out.demand) out.demand = scrubPii(out.demand);
  if (out.items) out.items = out.items.map((i) => ({ ...i, ...(i.name ? { name: scrubPii(i.name) } : {}) }));
  if (opts.timeline !== false) out.timeline = (c.timeline ?? []).map(toPublicTimelineEntry);
  return out;
}
