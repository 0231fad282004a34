import { createHash } from 'node:crypto';
import type { Config } from '../../platform/config.ts';
import type { AfterSalesType, CanonicalEvent, Category, Customer, Money } from '../../canonical/canonical.ts';
import { autoApproval } from './auto-approval.ts';
import { categoryOf, classify, eventText, TIER_RANK, type ClassifyFacts } from './classify.ts';
import type { Complaint, ComplaintItem, TimelineEntry } from './complaint-types.ts';
import { maskEmail, maskPhone } from '../../platform/masking.ts';
import { clockTime, computeSla, followUpDue, nextDueAt, type SlaConfig } from './sla.ts';
import { approvedStatus, furthest, PATHS, statusFromEvent } from './status-machine.ts';
import type { Status, Tier } from './vocabulary.ts';

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

/** The order's side of a complaint (from its shipment): contact, platform, value, items. */
export interface OrderFacts {
  tags?: string[];
  amount?: Money;
  promisedBy?: string;
  customer?: Customer;
  platform?: string;
  items?: ComplaintItem[];
  /** Which shipment said so (ordering stamp, so several shipments merge deterministically). */
  source?: { at: string; id: string };
}

/** What one applied input contributed. Not stored: it is joined into the record's digest. */
export interface ComplaintInput {
  id: string;
  /** The provider's time: orders inputs. */
  at: string;
  /** Time a clock may start from (`at`, or the receipt when `at` lies in the future). */
  clockAt?: string;
  provider: string;
  eventType: string;
  summary: string;
  /** Who: operator name, provider id or "system". Defaults to the provider. */
  actor?: string;
  category?: Category;
  tier?: Tier;
  flags?: string[];
  afterSalesType?: AfterSalesType;
  /** Abstract progress ('approved', or a status); resolved against the type when folding. */
  progress?: (Status | 'approved')[];
  reason?: string;
  demand?: string;
  amount?: { value: number; currency: string };
  customer?: Customer;
  platform?: string;
  owner?: string;
  /** Operator actions count as the first response. */
  operator?: boolean;
  /** 回访 done (operator). */
  followUpDone?: boolean;
  /** The order's facts (an `order.shipped` attached after the complaint was born). */
  orderFacts?: OrderFacts;
}

export interface ApplyContext {
  now: Date;
  config: Pick<Config, 'HIGH_VALUE_CNY' | 'FX_RATES_TO_CNY'> & SlaConfig;
  complaintId: string;
  orderId: string;
  /** Decided once at creation: first-responder ownership. */
  owner?: string;
  priorClaimsByCustomer?: number;
  orderFacts?: OrderFacts;
  customerKey?: string;
  issueKey?: string;
}

// ---------------------------------------------------------------------------------------------
// The digest: a compact fold state that is a JOIN of its inputs (min / max / union per field).
// A join is commutative, associative and idempotent, so the record is the same for any arrival
// order and any repeats, and it stays the same size whatever the number of events: what an input
// contributed either wins a field or is subsumed; nothing needs to remember the input itself.
// ---------------------------------------------------------------------------------------------

interface Stamp {
  at: string;
  id: string;
}
type Tagged<T> = Stamp & { v: T };

export interface FoldDigest {
  /** Earliest input overall (fallback origin when nothing classifies). */
  first: Tagged<{ provider: string; eventType: string }>;
  /** Earliest input that classifies: decides category, source. */
  origin?: Tagged<{ provider: string; eventType: string; category: Category }>;
  /** Earliest sane clock time: creation and SLA anchor. */
  createdAt: string;
  tier: Tier;
  flags: string[];
  /** Progress step → earliest clock time it was reported. */
  progress: Record<string, string>;
  afterSalesType?: Tagged<AfterSalesType>;
  customer?: Tagged<Customer>;
  platform?: Tagged<string>;
  amount?: Tagged<Money>;
  reason?: Tagged<string>;
  demand?: Tagged<string>;
  /** Latest owner given (operator assignment). */
  owner?: Tagged<string>;
  firstResponseAt?: string;
  followUpDoneAt?: string;
  order?: { customer?: Tagged<Customer>; platform?: Tagged<string>; amount?: Tagged<Money>; items: ComplaintItem[] };
}

const before = (a: Stamp, b: Stamp) => (a.at === b.at ? a.id < b.id : a.at < b.at);
const minTagged = <T>(a: Tagged<T> | undefined, b: Tagged<T> | undefined) => (!a ? b : !b ? a : before(b, a) ? b : a);
const maxTagged = <T>(a: Tagged<T> | undefined, b: Tagged<T> | undefined) => (!a ? b : !b ? a : before(a, b) ? b : a);
const minTime = (a: string | undefined, b: string | undefined) => (!a ? b : !b ? a : b < a ? b : a);
const tag = <T>(s: Stamp, v: T | undefined): Tagged<T> | undefined => (v === undefined || v === null || v === '' ? undefined : { at: s.at, id: s.id, v });

const itemKey = (i: ComplaintItem) => `${i.sku}\n${i.batchId ?? ''}`;
/** Union of items by (sku, batch), the first-named details kept; sorted so the result is canonical. */
function unionItems(a: ComplaintItem[] = [], b: ComplaintItem[] = []): ComplaintItem[] {
  const m = new Map<string, ComplaintItem>();
  for (const i of [...a, ...b]) {
    const k = itemKey(i);
    const cur = m.get(k);
    m.set(k, cur ? { ...i, ...cur } : clean(i));
  }
  return [...m.entries()].sort(([x], [y]) => (x < y ? -1 : 1)).map(([, v]) => v).slice(0, MAX_ITEMS);
}
const MAX_ITEMS = 50;
const clean = (i: ComplaintItem): ComplaintItem => ({ sku: i.sku, ...(i.name ? { name: i.name.slice(0, 200) } : {}), ...(i.batchId ? { batchId: i.batchId } : {}), ...(i.quantity !== undefined ? { quantity: i.quantity } : {}) });

function joinOrder(d: FoldDigest['order'], f: OrderFacts | undefined): FoldDigest['order'] {
  if (!f) return d;
  const s: Stamp = f.source ?? { at: '', id: 'order' };
  return {
    customer: minTagged(d?.customer, tag(s, f.customer && (f.customer.name || f.customer.phone || f.customer.email) ? f.customer : undefined)),
    platform: minTagged(d?.platform, tag(s, f.platform)),
    amount: minTagged(d?.amount, tag(s, f.amount)),
    items: unionItems(d?.items, f.items),
  };
}

/** Joins one input into the digest. Pure; never mutates `d`. */
export function joinInput(d: FoldDigest | undefined, i: ComplaintInput): FoldDigest {
  const s: Stamp = { at: i.at, id: i.id };
  const clockAt = i.clockAt ?? i.at;
  const progress = { ...(d?.progress ?? {}) };
  for (const p of i.progress ?? []) progress[p] = minTime(progress[p], clockAt)!;
  return {
    first: minTagged(d?.first, { ...s, v: { provider: i.provider, eventType: i.eventType } })!,
    origin: minTagged(d?.origin, i.category ? { ...s, v: { provider: i.provider, eventType: i.eventType, category: i.category } } : undefined),
    createdAt: minTime(d?.createdAt, clockAt)!,
    tier: i.tier && (!d || TIER_RANK[i.tier] > TIER_RANK[d.tier]) ? i.tier : (d?.tier ?? 'routine'),
    flags: [...new Set([...(d?.flags ?? []), ...(i.flags ?? [])])].sort(),
    progress: Object.fromEntries(Object.entries(progress).sort(([a], [b]) => (a < b ? -1 : 1))),
    afterSalesType: minTagged(d?.afterSalesType, tag(s, i.afterSalesType)),
    customer: minTagged(d?.customer, tag(s, i.customer && (i.customer.name || i.customer.phone || i.customer.email) ? i.customer : undefined)),
    platform: minTagged(d?.platform, tag(s, i.platform)),
    amount: minTagged(d?.amount, tag(s, i.amount)),
    reason: minTagged(d?.reason, tag(s, i.reason)),
    demand: minTagged(d?.demand, tag(s, i.demand)),
    owner: maxTagged(d?.owner, tag(s, i.owner)),
    firstResponseAt: i.operator ? minTime(d?.firstResponseAt, clockAt) : d?.firstResponseAt,
    followUpDoneAt: i.followUpDone ? minTime(d?.followUpDoneAt, clockAt) : d?.followUpDoneAt,
    order: joinOrder(d?.order, i.orderFacts),
  };
}

/** Canonical JSON (sorted keys, undefined dropped): two digests are equal iff their texts are. */
export function canonicalJson(v: unknown): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
}

/** Turns a canonical event into its contribution. Pure. */
export function inputOf(e: CanonicalEvent, facts: ClassifyFacts, config: ApplyContext['config']): ComplaintInput {
  const cls = classify(e, facts, config);
  const input: ComplaintInput = {
    id: e.id,
    at: e.occurredAt,
    clockAt: clockTime(e.occurredAt, e.receivedAt, config.CLOCK_SKEW_MINUTES),
    provider: e.provider,
    eventType: e.sourceEventType,
    summary: summarize(e),
    actor: e.provider === 'stall-scanner' ? 'system' : e.provider,
    category: cls.category,
    tier: cls.tier,
    flags: cls.flags,
  };
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
  if (e.type === 'aftersale.requested' || e.type === 'complaint.reported') input.demand = demandOf(e.type === 'aftersale.requested' ? e.data.type : undefined, e.type === 'aftersale.requested' && e.data.dispute ? '' : text);
  // A payment's refund amount is what was paid back, not what the complaint is about.
  if (d.amount && !(e.type === 'aftersale.updated' && e.providerKind === 'payment')) input.amount = d.amount as ComplaintInput['amount'];
  if (d.customer) input.customer = d.customer as Customer;
  if (typeof d.platform === 'string') input.platform = d.platform;
  return input;
}

const DEMAND_WORDS: [string, readonly string[]][] = [
  ['refund', ['退款', '退钱', 'refund', 'money back']],
  ['exchange', ['换货', '换一个', 'exchange', 'replacement']],
  ['repair', ['维修', '修理', 'repair', 'fix it']],
  ['reissue', ['补发', '重发', 'reissue', 'resend', 're-ship', 'reship']],
  ['compensation', ['赔偿', '补偿', 'compensation', 'compensate']],
];
const DEMAND_OF_TYPE: Record<AfterSalesType, string> = { refund_only: 'refund', return_refund: 'refund', exchange: 'exchange', repair: 'repair', reissue: 'reissue' };

/**
 * 诉求: what the customer asks for — the request type, plus any demand the words name (a refund
 * request that also asks for compensation), then the customer's own words where the provider sent them.
 */
export function demandOf(type: AfterSalesType | undefined, words: string): string | undefined {
  const lower = words.toLowerCase();
  const kinds = new Set<string>(type ? [DEMAND_OF_TYPE[type]] : []);
  for (const [kind, ws] of DEMAND_WORDS) if (ws.some((w) => lower.includes(w))) kinds.add(kind);
  const order = DEMAND_WORDS.map(([k]) => k);
  const label = [...kinds].sort((a, b) => order.indexOf(a) - order.indexOf(b)).join(' + ');
  const text = words.trim().slice(0, 300);
  if (!label && !text) return undefined;
  return label && text ? `${label}: ${text}` : label || text;
}

/**
 * Applies one event. Order-independent and idempotent: the record is rendered from a digest that
 * is a join of its inputs, so any arrival order of the same events (with repeats) gives the same
 * record (apart from `version`/`updatedAt`, which count writes). `changed` is false when the event
 * adds nothing to the digest (a repeat, or a routine courier scan): the caller then only appends
 * its timeline entry, whose conditional write is also the per-event duplicate guard.
 */
export function applyEvent(current: Complaint | undefined, e: CanonicalEvent, ctx: ApplyContext): { complaint: Complaint; changed: boolean; entry: TimelineEntry } {
  const facts: ClassifyFacts = (current?.facts as ClassifyFacts | undefined) ?? {
    priorClaimsByCustomer: ctx.priorClaimsByCustomer ?? 0,
    orderTags: ctx.orderFacts?.tags ?? [],
    orderAmount: ctx.orderFacts?.amount,
    promisedBy: ctx.orderFacts?.promisedBy,
  };
  return applyInput(current, inputOf(e, facts, ctx.config), { ...ctx, facts });
}

export function applyInput(current: Complaint | undefined, input: ComplaintInput, ctx: ApplyContext & { facts?: ClassifyFacts }): { complaint: Complaint; changed: boolean; entry: TimelineEntry } {
  const entry: TimelineEntry = { at: input.at, provider: input.provider, eventType: input.eventType, summary: input.summary, actor: input.actor ?? input.provider, eventId: input.id };
  const prior = current?.digest;
  // Order facts known at creation join like any input, with the shipment's own stamp.
  const joined = joinInput(prior, input);
  const digest = current || !ctx.orderFacts ? joined : { ...joined, order: joinOrder(joined.order, ctx.orderFacts) };
  if (current && canonicalJson(prior) === canonicalJson(digest)) return { complaint: current, changed: false, entry };
  const facts = (current?.facts as ClassifyFacts | undefined) ?? ctx.facts ?? { priorClaimsByCustomer: 0, orderTags: [] };
  const next = render(digest, {
    id: current?.id ?? ctx.complaintId,
    orderId: current?.orderId ?? ctx.orderId,
    creationOwner: current?.creationOwner ?? ctx.owner ?? 'unassigned',
    facts,
    customerKey: current?.customerKey ?? ctx.customerKey,
    issueKey: current?.issueKey ?? ctx.issueKey ?? '',
    carried: current,
    config: ctx.config,
  });
  return { complaint: { ...next, updatedAt: ctx.now.toISOString(), version: (current?.version ?? 0) + 1 }, changed: true, entry };
}

interface RenderContext {
  id: string;
  orderId: string;
  /** First-responder owner decided at creation (kept so a re-render gives the same fallback). */
  creationOwner: string;
  facts: ClassifyFacts;
  customerKey?: string;
  issueKey: string;
  /** What the SLA checker and the reveal recorded on the record (not inputs of the fold). */
  carried?: Complaint;
  config: SlaConfig;
}

/** The input that decides category and source: the earliest that classifies, else the earliest. */
const originOf = (d: FoldDigest) => d.origin ?? { ...d.first, v: { ...d.first.v, category: undefined } };

/**
 * The record's fields that the digest alone decides (no config, no clock, no carried state): the
 * store need not keep them beside the digest, and renders them back on read (digest-codec.ts).
 */
export function digestFields(d: FoldDigest): Pick<Complaint, (typeof DIGEST_FIELDS)[number]> {
  const origin = originOf(d);
  // "from the request, else from the order"
  const customer = d.customer?.v ?? d.order?.customer?.v;
  return {
    platform: d.platform?.v ?? d.order?.platform?.v,
    source: { provider: origin.v.provider, eventId: origin.id, eventType: origin.v.eventType },
    afterSalesType: d.afterSalesType?.v,
    customer: {
      name: customer?.name,
      phoneMasked: customer?.phone ? maskPhone(customer.phone) : undefined,
      emailMasked: customer?.email ? maskEmail(customer.email) : undefined,
    },
    amount: d.amount?.v ?? d.order?.amount?.v,
    reason: d.reason?.v,
    demand: d.demand?.v,
    items: d.order?.items.length ? d.order.items : undefined,
    contact: customer ? { phone: customer.phone, email: customer.email, locale: customer.locale } : undefined,
  };
}
export const DIGEST_FIELDS = ['platform', 'source', 'afterSalesType', 'customer', 'amount', 'reason', 'demand', 'items', 'contact'] as const;

/** The record a digest stands for. Pure. */
function render(d: FoldDigest, f: RenderContext): Complaint {
  const origin = originOf(d);
  const afterSalesType = d.afterSalesType?.v;
  const path = PATHS[afterSalesType ?? 'none'];
  let status: Status = 'under_review';
  let resolvedAt: string | undefined;
  for (const [p, at] of Object.entries(d.progress)) {
    const s = p === 'approved' ? approvedStatus(afterSalesType) : (p as Status);
    if (!path.includes(s)) continue;
    status = furthest(status, s);
    if (s === 'completed') resolvedAt = minTime(resolvedAt, at);
  }
  const breached = f.carried?.sla.breached ?? false;
  const flags = new Set(d.flags);
  if (breached) flags.add('sla_breached');
  const sla: Complaint['sla'] = { ...computeSla(d.tier, d.createdAt, f.config), breached };
  if (status === 'completed' && resolvedAt) {
    if (d.followUpDoneAt) sla.followUpDoneAt = d.followUpDoneAt;
    else sla.followUpDueAt = followUpDue(resolvedAt, f.config);
  }
  const c: Complaint = {
    id: f.id,
    orderId: f.orderId,
    ...digestFields(d),
    category: origin.v.category ?? 'other',
    tier: d.tier,
    status,
    flags: [...flags].sort(),
    owner: d.owner?.v ?? f.creationOwner,
    sla,
    createdAt: d.createdAt,
    updatedAt: d.createdAt,
    version: 0,
    issueKey: f.issueKey,
    digest: d,
    appliedEventIds: [],
    facts: f.facts,
    firstResponseAt: d.firstResponseAt,
    resolvedAt,
    customerKey: f.customerKey,
    breachedClocks: f.carried?.breachedClocks,
    revealCount: f.carried?.revealCount,
    refundsClaimed: f.carried?.refundsClaimed,
    creationOwner: f.creationOwner,
  };
  c.dueAt = nextDueAt(c);
  return c;
}

function summarize(e: CanonicalEvent): string {
  switch (e.type) {
    case 'aftersale.requested':
      return `${e.data.dispute ? 'dispute opened' : `${e.data.type} requested`}${e.data.reason ? `: ${e.data.reason.slice(0, 200)}` : ''}`;
    case 'aftersale.updated':
      return `${e.providerKind === 'payment' ? `payment ${e.provider}: ` : ''}${e.data.status}${e.data.note ? `: ${e.data.note.slice(0, 200)}` : ''}`;
    case 'tracking.updated':
      return `courier ${e.data.status}${e.data.location ? ` at ${e.data.location.slice(0, 100)}` : ''}${e.data.description ? `: ${e.data.description.slice(0, 200)}` : ''}`;
    case 'complaint.reported':
      return `${e.data.channel} complaint: ${e.data.text.slice(0, 200)}`;
    case 'order.shipped':
      return `shipped with ${e.data.carrier} ${e.data.trackingNumber}`;
  }
}
