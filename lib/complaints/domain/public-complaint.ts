import * as z from 'zod/mini';
import '../../platform/zod-locale.ts';
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
  platform: z.optional(z.string()),
  source: z.object({ provider: z.string(), eventId: z.string(), eventType: z.string() }),
  category: z.enum(CATEGORIES),
  tier: z.enum(TIERS),
  afterSalesType: z.optional(z.enum(AFTER_SALES_TYPES)),
  status: z.enum(STATUSES),
  flags: z.array(z.string()),
  owner: z.optional(z.string()),
  customer: z.object({ name: z.optional(z.string()), phoneMasked: z.optional(z.string()), emailMasked: z.optional(z.string()) }),
  amount: z.optional(z.object({ value: z.number(), currency: z.string() })),
  reason: z.optional(z.string()),
  demand: z.optional(z.string()),
  items: z.optional(z.array(z.object({ sku: z.string(), name: z.optional(z.string()), batchId: z.optional(z.string()), quantity: z.optional(z.number()) }))),
  sla: z.object({
    firstResponseDueAt: z.string(),
    reviewDueAt: z.optional(z.string()),
    resolutionDueAt: z.string(),
    followUpDueAt: z.optional(z.string()),
    followUpDoneAt: z.optional(z.string()),
    breached: z.boolean(),
  }),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int(),
  timeline: z.optional(z.array(publicTimelineEntrySchema)),
});

export type PublicComplaint = z.infer<typeof publicComplaintSchema>;
export type PublicTimelineEntry = z.infer<typeof publicTimelineEntrySchema>;

type Def = { type: string; innerType?: z.core.$ZodType; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType };

/**
 * Copies exactly the keys a zod object declares (recursively for nested objects and arrays of
 * objects). Reads the schema's definition (`_zod.def`, zod 4's core contract), so it works on the
 * mini schemas here and on any classic schema alike.
 */
function pickShape(schema: z.core.$ZodType, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  let def = schema._zod.def as Def;
  while ((def.type === 'optional' || def.type === 'nullable') && def.innerType) def = def.innerType._zod.def as Def;
  if (def.type === 'object' && def.shape) {
    if (typeof value !== 'object') return undefined;
    const out: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(def.shape)) {
      const v = pickShape(s, (value as Record<string, unknown>)[k]);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  if (def.type === 'array' && def.element) return Array.isArray(value) ? value.map((v) => pickShape(def.element!, v)) : undefined;
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
