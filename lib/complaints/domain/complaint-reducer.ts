import { createHash } from 'node:crypto';
import type { Config } from '../../platform/config.ts';
import type { AfterSalesType, CanonicalEvent, Category, Customer } from '../../canonical/canonical.ts';
import { autoApproval } from './auto-approval.ts';
import { categoryOf, classify, eventText, TIER_RANK, type ClassifyFacts } from './classify.ts';
import type { Complaint, Status, TimelineEntry, Tier } from './complaint-types.ts';
import { maskEmail, maskPhone } from '../../platform/masking.ts';
import { computeSla, type SlaConfig } from './sla.ts';
import { approvedStatus, furthest, PATHS, statusFromEvent } from './status-machine.ts';

/**
 * One complaint per (order, issue). Aftersale events are one issue per request; a chat/phone
 * complaint is one issue per category; everything logistics about an order is one issue.
 */
export function issueKeyOf(e: CanonicalEvent, _ctx: { orderId: string }): string | undefined {
  switch (e.type) {
    case 'aftersale.requested':
    case 'aftersale.updated':
      return `as:${e.data.requestId}`;
    case 'complaint.reported': {
      // Everything logistics about an order is one issue: a stall report and a courier exception
      // land on the same complaint.
      const category = categoryOf(e).category;
      return category === 'logistics' ? 'logistics' : `cat:${category}`;
    }
    case 'tracking.updated':
      return 'logistics';
    case 'order.shipped':
      return undefined;
  }
}

/** Deterministic, so two workers creating the same complaint at once collide on one key. */
export const complaintIdOf = (orderId: string, issueKey: string) => `C-${createHash('sha256').update(`${orderId}\n${issueKey}`).digest('hex').slice(0, 16)}`;

/** What one applied event contributed. Stored on the record; the record is a pure fold over these. */
export interface ComplaintInput {
  id: string;
  at: string;
  provider: string;
  eventType: string;
  summary: string;
  category?: Category;
  tier?: Tier;
  flags?: string[];
  afterSalesType?: AfterSalesType;
  /** Abstract progress ('approved', or a status); resolved against the type when folding. */
  progress?: (Status | 'approved')[];
  reason?: string;
  amount?: { value: number; currency: string };
  customer?: Customer;
  platform?: string;
  owner?: string;
  /** Operator actions count as the first response. */
  operator?: boolean;
}

export interface ApplyContext {
  now: Date;
  config: Pick<Config, 'HIGH_VALUE_CNY' | 'FX_RATES_TO_CNY'> & SlaConfig;
  complaintId: string;
  orderId: string;
  /** Decided once at creation: first-responder ownership. */
  owner?: string;
  priorClaimsByCustomer?: number;
  orderFacts?: { tags?: string[]; amount?: { value: number; currency: string }; promisedBy?: string; customer?: Customer; platform?: string };
  customerKey?: string;
  issueKey?: string;
}

type Stored = Complaint & { inputs: ComplaintInput[] };

/** Turns a canonical event into its contribution. Pure. */
export function inputOf(e: CanonicalEvent, facts: ClassifyFacts, config: ApplyContext['config']): ComplaintInput {
  const cls = classify(e, facts, config);
  const input: ComplaintInput = { id: e.id, at: e.occurredAt, provider: e.provider, eventType: e.sourceEventType, summary: summarize(e), category: cls.category, tier: cls.tier, flags: cls.flags };
  const d = e.data as Record<string, unknown>;
  if (e.type === 'aftersale.requested') {
    input.afterSalesType = e.data.type;
    const auto = autoApproval(e.data, e.occurredAt);
    if (auto.approved) {
      input.progress = ['approved'];
      input.flags = [...(input.flags ?? []), 'auto_approved'];
      input.summary += ` — auto-approved: ${auto.rule}`;
    }
  }
  if (e.type === 'aftersale.updated' || e.type === 'tracking.updated') {
    const p = e.type === 'aftersale.updated' && ['approved', 'accepted'].includes(e.data.status.toLowerCase()) ? 'approved' : statusFromEvent(e, 'return_refund');
    if (p) input.progress = [p];
  }
  if (e.type === 'aftersale.updated') {
    // Progress updates carry no classification of their own: they must not change what the complaint is about.
    delete input.category;
    delete input.tier;
    input.flags = e.data.status.toLowerCase() === 'rejected' ? ['rejected'] : [];
  }
  if (e.type === 'tracking.updated' && e.data.direction === 'return') {
    delete input.category;
    delete input.tier;
    input.flags = [];
  }
  const text = eventText(e);
  if (text && (e.type === 'aftersale.requested' || e.type === 'complaint.reported')) input.reason = text.slice(0, 2000);
  if (d.amount) input.amount = d.amount as ComplaintInput['amount'];
  if (d.customer) input.customer = d.customer as Customer;
  if (typeof d.platform === 'string') input.platform = d.platform;
  return input;
}

/**
 * Applies one event. Idempotent (an applied event id changes nothing) and order-independent: the
 * record is recomputed as a fold over its inputs sorted by (time, id), so any arrival order of
 * the same events gives the same record (apart from `version`/`updatedAt`, which count writes).
 * Status only moves forward; the earliest event decides what the complaint is about.
 */
export function applyEvent(current: Complaint | undefined, e: CanonicalEvent, ctx: ApplyContext): { complaint: Complaint; changed: boolean } {
  if (current?.appliedEventIds.includes(e.id)) return { complaint: current, changed: false };
  const facts: ClassifyFacts = (current?.facts as ClassifyFacts | undefined) ?? {
    priorClaimsByCustomer: ctx.priorClaimsByCustomer ?? 0,
    orderTags: ctx.orderFacts?.tags ?? [],
    orderAmount: ctx.orderFacts?.amount,
    promisedBy: ctx.orderFacts?.promisedBy,
  };
  return applyInput(current, inputOf(e, facts, ctx.config), { ...ctx, facts });
}

/** Operator changes are inputs too, so they fold like events (and count as the first response). */
export function applyInput(current: Complaint | undefined, input: ComplaintInput, ctx: ApplyContext & { facts?: ClassifyFacts }): { complaint: Complaint; changed: boolean } {
  if (current?.appliedEventIds.includes(input.id)) return { complaint: current, changed: false };
  const prior = (current as Stored | undefined)?.inputs ?? [];
  const inputs = [...prior, input].sort((a, b) => (a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at < b.at ? -1 : 1));
  const facts = (current?.facts as ClassifyFacts | undefined) ?? ctx.facts ?? { priorClaimsByCustomer: 0, orderTags: [] };
  const next = fold(inputs, {
    id: current?.id ?? ctx.complaintId,
    orderId: current?.orderId ?? ctx.orderId,
    owner: current?.owner ?? ctx.owner ?? 'unassigned',
    facts,
    customerKey: current?.customerKey ?? ctx.customerKey,
    issueKey: current?.issueKey ?? ctx.issueKey ?? '',
    breached: current?.sla.breached ?? false,
    config: ctx.config,
    platformFallback: ctx.orderFacts?.platform,
    customerFallback: ctx.orderFacts?.customer,
  });
  return { complaint: { ...next, updatedAt: ctx.now.toISOString(), version: (current?.version ?? 0) + 1 }, changed: true };
}

interface FoldContext {
  id: string;
  orderId: string;
  owner: string;
  facts: ClassifyFacts;
  customerKey?: string;
  issueKey: string;
  breached: boolean;
  config: SlaConfig;
  platformFallback?: string;
  customerFallback?: Customer;
}

function fold(inputs: ComplaintInput[], f: FoldContext): Stored {
  const origin = inputs.find((i) => i.category !== undefined) ?? inputs[0]!;
  const first = <K extends keyof ComplaintInput>(k: K) => inputs.find((i) => i[k] !== undefined)?.[k];
  const tier = inputs.reduce<Tier>((t, i) => (i.tier && TIER_RANK[i.tier] > TIER_RANK[t] ? i.tier : t), 'routine');
  const afterSalesType = first('afterSalesType');
  const path = PATHS[afterSalesType ?? 'none'];
  let status: Status = 'under_review';
  let resolvedAt: string | undefined;
  for (const i of inputs) {
    for (const p of i.progress ?? []) {
      const s = p === 'approved' ? approvedStatus(afterSalesType) : p;
      if (!path.includes(s)) continue;
      status = furthest(status, s);
      if (s === 'completed') resolvedAt ??= i.at;
    }
  }
  const customer = (first('customer') as Customer | undefined) ?? f.customerFallback;
  const owner = [...inputs].reverse().find((i) => i.owner)?.owner ?? f.owner;
  const flags = new Set(inputs.flatMap((i) => i.flags ?? []));
  if (f.breached) flags.add('sla_breached');
  const createdAt = inputs[0]!.at;
  const timeline: TimelineEntry[] = inputs.map((i) => ({ at: i.at, provider: i.provider, eventType: i.eventType, summary: i.summary, eventId: i.id }));
  return {
    id: f.id,
    orderId: f.orderId,
    platform: (first('platform') as string | undefined) ?? f.platformFallback,
    source: { provider: origin.provider, eventId: origin.id, eventType: origin.eventType },
    category: origin.category ?? 'other',
    tier,
    afterSalesType,
    status,
    flags: [...flags].sort(),
    owner,
    customer: {
      name: customer?.name,
      phoneMasked: customer?.phone ? maskPhone(customer.phone) : undefined,
      emailMasked: customer?.email ? maskEmail(customer.email) : undefined,
    },
    amount: first('amount') as Complaint['amount'],
    reason: first('reason') as string | undefined,
    sla: { ...computeSla(tier, createdAt, f.config), breached: f.breached },
    createdAt,
    updatedAt: createdAt,
    version: 0,
    timeline,
    issueKey: f.issueKey,
    contact: customer ? { phone: customer.phone, email: customer.email, locale: customer.locale } : undefined,
    appliedEventIds: inputs.map((i) => i.id),
    originAt: createdAt,
    facts: f.facts,
    firstResponseAt: inputs.find((i) => i.operator)?.at,
    resolvedAt,
    customerKey: f.customerKey,
    inputs,
  };
}

function summarize(e: CanonicalEvent): string {
  switch (e.type) {
    case 'aftersale.requested':
      return `${e.data.dispute ? 'dispute opened' : `${e.data.type} requested`}${e.data.reason ? `: ${e.data.reason.slice(0, 200)}` : ''}`;
    case 'aftersale.updated':
      return `${e.data.status}${e.data.note ? `: ${e.data.note.slice(0, 200)}` : ''}`;
    case 'tracking.updated':
      return `courier ${e.data.status}${e.data.location ? ` at ${e.data.location}` : ''}${e.data.description ? `: ${e.data.description.slice(0, 200)}` : ''}`;
    case 'complaint.reported':
      return `${e.data.channel} complaint: ${e.data.text.slice(0, 200)}`;
    case 'order.shipped':
      return `shipped with ${e.data.carrier} ${e.data.trackingNumber}`;
  }
}
