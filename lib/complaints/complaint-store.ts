import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CanonicalEvent } from '../canonical/canonical.ts';
import { conditionalWrite } from '../platform/table/conditional-write.ts';
import { collectPages } from '../platform/table/index-query.ts';
import { complaintDueKey, complaintDuePk, complaintKey, counterKey, orderFactsKey, pendingRefundsKey, timelineKey } from '../platform/table/keys.ts';
import type { Complaint, TimelineEntry } from './domain/complaint-types.ts';
import type { OrderFacts } from './domain/complaint-reducer.ts';
import { ComplaintChangedError } from './errors.ts';
import { batchGetConsistent, keyId, type Prefetched } from '../platform/table/prefetch.ts';
import type { ComplaintRecords } from './complaint-records.ts';
import { asComplaint, ComplaintDeskStore, type ComplaintFilter } from './complaint-desk-store.ts';

export type { Commit, CommitResult, ComplaintFilter, ComplaintPage } from './complaint-desk-store.ts';

/** A due clock: the index's entry, or an item an earlier release wrote (`legacy`; `repeated` when the index holds it too). */
export interface DueEntry {
  id: string;
  dueAt: string;
  legacy?: boolean;
  repeated?: boolean;
}

/** `<dueAt>#<id>`: the due index's sort key (dueAt is an ISO time, which holds no `#`). */
const dueEntryOf = (sk: string): DueEntry => {
  const at = sk.indexOf('#');
  return { dueAt: sk.slice(0, at), id: sk.slice(at + 1) };
};

export interface PendingRefunds {
  events: CanonicalEvent[];
  claimedBy?: string;
  v: number;
}

/**
 * The complaint records on DynamoDB (see ComplaintDeskStore for the layout): the desk's calls plus
 * the event engine's — batch reads for the SLA sweep, the due entries, the order's facts, payment
 * refunds that came before their request, named counters read.
 */
export class ComplaintStore extends ComplaintDeskStore implements ComplaintRecords {
  async getMany(ids: string[]): Promise<Complaint[]> {
    const found = await batchGetConsistent(this.ddb, this.tableName, ids.map(complaintKey));
    return ids.flatMap((id) => {
      const item = found.get(keyId(complaintKey(id)));
      return item ? [asComplaint(item)] : [];
    });
  }

  /** Compatibility: write `next` alone (no timeline entry), guarded by version. */
  async save(next: Complaint, expectedVersion: number | undefined): Promise<void> {
    const r = await this.commit({ prev: expectedVersion === undefined ? undefined : ({ ...next, version: expectedVersion } as Complaint), next });
    if (r !== 'ok') throw new ComplaintChangedError();
  }

  /** Transaction item: a timeline entry (its key is unique per event). */
  timelineItem(complaintId: string, e: TimelineEntry): Record<string, unknown> {
    return { Put: { TableName: this.tableName, Item: { ...timelineKey(complaintId, e.at, e.eventId), entity: 'timeline', ...e }, ConditionExpression: 'attribute_not_exists(pk)' } };
  }

  /** Every complaint matching `f` (an order's few; tools). Stats never read this: they read counters. */
  async listAll(f: ComplaintFilter): Promise<Complaint[]> {
    return collectPages((cursor) => this.list(f, 200, cursor));
  }

  /** Every complaint of an order (one Query on gsi2). */
  async forOrder(orderId: string): Promise<Complaint[]> {
    return this.listAll({ orderId });
  }

  /**
   * Complaints whose earliest running clock is due by `now`, from the due index (O(due), whatever
   * the number of complaints), plus the due items earlier releases wrote (`legacy`: the sweep drops
   * each once its complaint has moved on). The index may lag the record by a moment: the sweep
   * re-reads each complaint and acts only on what the record says.
   */
  async due(now: Date): Promise<DueEntry[]> {
    const until = `${now.toISOString()}#\uffff`;
    const [indexed, legacy] = await Promise.all([
      this.everyShard({ pk: complaintDuePk, index: 'gsi6', condition: 'gsi6sk <= :until', values: { ':until': until } }),
      this.everyShard({ pk: complaintDuePk, condition: 'sk <= :until', values: { ':until': until }, consistent: true }),
    ]);
    const entries = indexed.map((i) => dueEntryOf(String(i.gsi6sk)));
    const seen = new Set(entries.map((e) => `${e.dueAt}#${e.id}`));
    // A legacy item its complaint's index entry repeats is dropped on the sweep's first pass.
    return [...entries, ...legacy.map((i) => ({ id: String(i.id), dueAt: String(i.dueAt), legacy: true, repeated: seen.has(`${String(i.dueAt)}#${String(i.id)}`) }))];
  }

  /** A due item of an earlier release that its complaint no longer needs: removed so the sweep does not read it again. */
  async dropDue(id: string, dueAt: string): Promise<void> {
    await this.ddb.send(new DeleteCommand({ TableName: this.tableName, Key: complaintDueKey(id, dueAt) }));
  }

  // ---- the order's facts as its order.shipped named them (items with their batch are not on the shipment record)

  async putOrderFacts(orderId: string, facts: OrderFacts): Promise<void> {
    await this.ddb.send(new PutCommand({ TableName: this.tableName, Item: { ...orderFactsKey(orderId), entity: 'order-facts', facts } }));
  }

  async orderFacts(orderId: string, ahead?: Prefetched): Promise<OrderFacts | undefined> {
    return (await this.item(orderFactsKey(orderId), ahead, false))?.facts as OrderFacts | undefined;
  }

  // ---- payment refunds that arrived before any request of their order

  async pendingRefunds(orderId: string, ahead?: Prefetched): Promise<PendingRefunds | undefined> {
    const item = await this.item(pendingRefundsKey(orderId), ahead);
    return item ? { events: (item.events ?? []) as CanonicalEvent[], claimedBy: item.claimedBy as string | undefined, v: Number(item.v ?? 0) } : undefined;
  }

  /** Keeps a refund as an order fact unless a request already claimed the order's refunds. */
  async addPendingRefund(orderId: string, event: CanonicalEvent): Promise<{ added: true } | { added: false; claimedBy?: string }> {
    const r = await conditionalWrite(() =>
      this.ddb.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: pendingRefundsKey(orderId),
          UpdateExpression: 'SET events = list_append(if_not_exists(events, :empty), :e), entity = :entity ADD v :one, eventIds :id',
          ConditionExpression: 'attribute_not_exists(claimedBy) AND NOT contains(eventIds, :idv)',
          ExpressionAttributeValues: { ':empty': [], ':e': [event], ':entity': 'pending-refunds', ':one': 1, ':id': new Set([event.id]), ':idv': event.id },
        }),
      ),
    );
    if (r.ok) return { added: true };
    return { added: false, claimedBy: (await this.pendingRefunds(orderId))?.claimedBy };
  }

  /** Transaction item: `complaintId` takes over the refunds as read (version `v`); later refunds go straight to it. */
  claimRefundsItem(orderId: string, complaintId: string, read: PendingRefunds | undefined): Record<string, unknown> {
    return {
      Update: {
        TableName: this.tableName,
        Key: pendingRefundsKey(orderId),
        UpdateExpression: 'SET claimedBy = :c, entity = :entity',
        ConditionExpression: read ? 'v = :v AND (attribute_not_exists(claimedBy) OR claimedBy = :c)' : 'attribute_not_exists(pk)',
        ExpressionAttributeValues: { ':c': complaintId, ':entity': 'pending-refunds', ...(read ? { ':v': read.v } : {}) },
      },
    };
  }

  async counter(name: string, ahead?: Prefetched): Promise<number> {
    return Number((await this.item(counterKey(name), ahead, false))?.n ?? 0);
  }
}
