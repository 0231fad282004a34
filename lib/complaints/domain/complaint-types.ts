import type { AfterSalesType, Category } from '../../canonical/canonical.ts';
import { maskEmail, maskPhone, scrubPii } from '../../platform/masking.ts';

export const STATUSES = ['under_review', 'awaiting_return', 'returning', 'processing', 'completed'] as const;
export const TIERS = ['urgent', 'routine', 'dispute'] as const;
export type Status = (typeof STATUSES)[number];
export type Tier = (typeof TIERS)[number];

export interface TimelineEntry {
  at: string;
  provider: string;
  eventType: string;
  summary: string;
  /** Internal: orders entries deterministically and makes appends idempotent. */
  eventId?: string;
}

/** Contract §2 plus internal fields (`contact`, `appliedEventIds`, ...) that `toPublicComplaint` strips. */
export interface Complaint {
  id: string;
  orderId: string;
  platform?: string;
  source: { provider: string; eventId: string; eventType: string };
  category: Category;
  tier: Tier;
  afterSalesType?: AfterSalesType;
  status: Status;
  flags: string[];
  owner?: string;
  customer: { name?: string; phoneMasked?: string; emailMasked?: string };
  amount?: { value: number; currency: string };
  reason?: string;
  demand?: string;
  sla: { firstResponseDueAt: string; reviewDueAt?: string; resolutionDueAt: string; breached: boolean };
  createdAt: string;
  updatedAt: string;
  version: number;
  timeline?: TimelineEntry[];
  // internal
  issueKey: string;
  /** Kept for notifications; never in API output or logs. */
  contact?: { phone?: string; email?: string; locale?: string };
  appliedEventIds: string[];
  /** (occurredAt, eventId) of the earliest event: it decides category, type and reason whatever the arrival order. */
  originAt: string;
  /** Creation facts the tier rules used, so re-classification on a late earlier event gives the same answer. */
  facts: { priorClaimsByCustomer: number; orderTags: string[]; orderAmount?: { value: number; currency: string }; promisedBy?: string };
  firstResponseAt?: string;
  resolvedAt?: string;
  customerKey?: string;
}

const INTERNAL = ['inputs', 'issueKey', 'contact', 'appliedEventIds', 'originAt', 'facts', 'firstResponseAt', 'resolvedAt', 'customerKey'] as const;

/** The API view: internal fields removed, contact masked, free text scrubbed of phone numbers and e-mails. */
export function toPublicComplaint(c: Complaint, opts: { timeline?: boolean } = { timeline: true }) {
  const out: Record<string, unknown> = { ...c };
  for (const k of INTERNAL) delete out[k];
  out.customer = {
    name: c.customer.name,
    phoneMasked: c.customer.phoneMasked ?? (c.contact?.phone ? maskPhone(c.contact.phone) : undefined),
    emailMasked: c.customer.emailMasked ?? (c.contact?.email ? maskEmail(c.contact.email) : undefined),
  };
  if (c.reason) out.reason = scrubPii(c.reason);
  if (c.demand) out.demand = scrubPii(c.demand);
  out.timeline = opts.timeline === false ? undefined : (c.timeline ?? []).map(({ eventId: _e, ...t }) => ({ ...t, summary: scrubPii(t.summary) }));
  return out;
}
