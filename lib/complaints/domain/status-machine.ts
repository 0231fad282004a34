import type { AfterSalesType, CanonicalEvent } from '../../canonical/canonical.ts';
import { STATUSES, type Status } from './complaint-types.ts';

/**
 * The customer-visible progress. Every type walks a subset of the five steps in order; a refund
 * (or a re-shipment) needs nothing back from the customer, so it skips the return steps.
 */
export const PATHS: Record<AfterSalesType | 'none', readonly Status[]> = {
  return_refund: STATUSES,
  exchange: STATUSES,
  repair: STATUSES,
  refund_only: ['under_review', 'processing', 'completed'],
  reissue: ['under_review', 'processing', 'completed'],
  none: ['under_review', 'processing', 'completed'],
};

export const rank = (s: Status) => STATUSES.indexOf(s);
const pathOf = (t: AfterSalesType | undefined) => PATHS[t ?? 'none'];

/**
 * Operators may move forward along the type's path, skipping steps (a return that arrives with the
 * courier's delivery scan missing may go straight to processing), never backward and never onto a
 * step the type does not have.
 */
export function canTransition(type: AfterSalesType | undefined, from: Status, to: Status): boolean {
  const path = pathOf(type);
  return path.includes(to) && rank(to) > rank(from);
}

/** Statuses named by provider updates (aftersale.updated.status), provider-neutral. */
const UPDATE_STATUS: Record<string, Status | 'approved'> = {
  approved: 'approved',
  accepted: 'approved',
  return_shipped: 'returning',
  returning: 'returning',
  return_received: 'processing',
  received: 'processing',
  processing: 'processing',
  refunded: 'completed',
  refund_succeeded: 'completed',
  reshipped: 'completed',
  exchanged: 'completed',
  repaired: 'completed',
  completed: 'completed',
  closed: 'completed',
  rejected: 'completed',
  cancelled: 'completed',
  dispute_won: 'completed',
  dispute_lost: 'completed',
};

/** "Approved" means: wait for the return where the type has one, else start processing. */
export function approvedStatus(type: AfterSalesType | undefined): Status {
  return pathOf(type).includes('awaiting_return') ? 'awaiting_return' : 'processing';
}

/** The status an event implies for a complaint of `type`, if any. */
export function statusFromEvent(e: CanonicalEvent, type: AfterSalesType | undefined): Status | undefined {
  if (e.type === 'aftersale.updated') {
    const s = UPDATE_STATUS[e.data.status.toLowerCase()];
    if (!s) return undefined;
    const status = s === 'approved' ? approvedStatus(type) : s;
    return pathOf(type).includes(status) ? status : undefined;
  }
  // A courier 'delivered' on a return shipment: the goods are back, processing starts.
  if (e.type === 'tracking.updated' && e.data.direction === 'return' && e.data.status === 'delivered') return pathOf(type).includes('processing') ? 'processing' : undefined;
  return undefined;
}

/** Never backward: of two statuses, the one further along. */
export const furthest = (a: Status, b: Status | undefined): Status => (b !== undefined && rank(b) > rank(a) ? b : a);
