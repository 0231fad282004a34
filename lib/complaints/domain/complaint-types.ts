import type { AfterSalesType, Category } from '../../canonical/canonical.ts';
import type { FoldDigest } from './complaint-reducer.ts';
import type { SlaClock, Status, Tier } from './vocabulary.ts';

export { STATUSES, TIERS, SLA_CLOCKS, type Status, type Tier, type SlaClock } from './vocabulary.ts';
export { toPublicComplaint, toPublicTimelineEntry } from './public-complaint.ts';

/** One line of a complaint's history; stored as its own item under the complaint's key. */
export interface TimelineEntry {
  at: string;
  provider: string;
  eventType: string;
  summary: string;
  /** Who did it: the operator's name, the provider id, or "system". */
  actor: string;
  /** Internal: orders entries deterministically and is the per-event idempotency marker. */
  eventId: string;
}

export interface ComplaintItem {
  sku: string;
  name?: string;
  batchId?: string;
  quantity?: number;
}

/**
 * Contract §2 plus internal fields. The API never sees this type directly: `toPublicComplaint`
 * picks exactly the keys of the public schema, so an internal field added here cannot leak.
 */
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
  items?: ComplaintItem[];
  sla: { firstResponseDueAt: string; reviewDueAt?: string; resolutionDueAt: string; followUpDueAt?: string; followUpDoneAt?: string; breached: boolean };
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Filled only by the inspection view (`ComplaintService.store`, from the timeline items); empty on the record, never stored. */
  appliedEventIds: string[];
  /** Not stored on the record: the service attaches the first page for GET compatibility. */
  timeline?: TimelineEntry[];
  // ---- internal
  issueKey: string;
  /** Raw contact: for the notifier and the audited reveal; never in API output or logs. */
  contact?: { phone?: string; email?: string; locale?: string };
  /** The compact, order-independent fold state (a join of every applied input). */
  digest: FoldDigest;
  /** Creation facts the tier rules used, so re-classification on a late earlier event gives the same answer. */
  facts: { priorClaimsByCustomer: number; orderTags: string[]; orderAmount?: { value: number; currency: string }; promisedBy?: string };
  firstResponseAt?: string;
  resolvedAt?: string;
  customerKey?: string;
  /** Clocks already reported as breached (each is reported once). */
  breachedClocks?: SlaClock[];
  /** The earliest clock still running; the due-time index holds exactly this. */
  dueAt?: string;
  /** How many times an operator revealed the contact (each also on the timeline). */
  revealCount?: number;
  /** Payment refunds kept as order facts were taken over by this complaint (see ComplaintStore.pendingRefunds). */
  refundsClaimed?: boolean;
  /** First-responder owner decided at creation; the owner while no operator reassigned it. */
  creationOwner?: string;
}

export type { Status as ComplaintStatus };
