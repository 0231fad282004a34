import type { CanonicalEvent } from '../canonical/canonical.ts';
import type { Complaint, TimelineEntry } from './domain/complaint-types.ts';
import type { OrderFacts } from './domain/complaint-reducer.ts';
import type { Commit, CommitResult, ComplaintFilter, ComplaintPage } from './complaint-desk-store.ts';
import type { DueEntry, PendingRefunds } from './complaint-store.ts';
import type { QualityStore } from './quality-store.ts';
import type { Prefetched } from '../platform/table/prefetch.ts';
import type { Breakdown } from './domain/stats.ts';

/**
 * The complaint records as the complaint engine (ComplaintService) uses them: exactly the calls it
 * makes, nothing more. `ComplaintStore` (DynamoDB) implements it; tests/unit/helpers has an
 * in-memory one with the same contract:
 *
 * - `commit` is all-or-nothing: the record is guarded by `version` (absent `prev`: it must not
 *   exist), the timeline entry by "not there yet"; 'duplicate' when the entry exists (the event was
 *   applied before), 'conflict' when the record or an extra item changed (re-read and retry). It
 *   also moves the due-time entry with `dueAt` and adds `counterDelta(prev, next)` to the counters.
 * - `timelineItem` / `claimRefundsItem` build extra items for one `commit` (opaque to the engine).
 * - `addPendingRefund` keeps a payment refund until a request claims the order's refunds, once per event.
 */
export interface ComplaintRecords {
  /** `ahead`: items the worker read with the dedup record (complaint-read-ahead.ts); a store without it reads. */
  get(id: string, ahead?: Prefetched): Promise<Complaint | undefined>;
  getMany(ids: string[]): Promise<Complaint[]>;
  commit(w: Commit): Promise<CommitResult>;
  timelineItem(complaintId: string, e: TimelineEntry): Record<string, unknown>;
  bumpReveal(c: Complaint, entry: TimelineEntry, at: string): Promise<CommitResult>;
  timeline(id: string, limit?: number, cursor?: string): Promise<{ items: TimelineEntry[]; nextCursor?: string }>;
  list(f: ComplaintFilter, limit: number, cursor?: string): Promise<ComplaintPage>;
  listAll(f: ComplaintFilter): Promise<Complaint[]>;
  forOrder(orderId: string): Promise<Complaint[]>;
  due(now: Date): Promise<DueEntry[]>;
  dropDue(id: string, dueAt: string): Promise<void>;
  counters(fromDay: string, breakdown?: readonly Breakdown[]): Promise<{ sk: string; attrs: Record<string, number> }[]>;
  putOrderFacts(orderId: string, facts: OrderFacts): Promise<void>;
  orderFacts(orderId: string, ahead?: Prefetched): Promise<OrderFacts | undefined>;
  pendingRefunds(orderId: string, ahead?: Prefetched): Promise<PendingRefunds | undefined>;
  addPendingRefund(orderId: string, event: CanonicalEvent): Promise<{ added: true } | { added: false; claimedBy?: string }>;
  claimRefundsItem(orderId: string, complaintId: string, read: PendingRefunds | undefined): Record<string, unknown>;
  increment(name: string): Promise<number>;
  counter(name: string, ahead?: Prefetched): Promise<number>;
  /** The quality signal store that goes with these records (the service's default). */
  qualityStore(): QualityStore;
}

/**
 * The records as the desk (ComplaintDeskService: list, one complaint, its timeline, stats, the
 * operator change, the reveal) uses them. `ComplaintDeskStore` implements it without the engine's calls.
 */
export type ComplaintDeskRecords = Pick<ComplaintRecords, 'get' | 'commit' | 'bumpReveal' | 'timeline' | 'list' | 'counters' | 'increment' | 'qualityStore'>;
