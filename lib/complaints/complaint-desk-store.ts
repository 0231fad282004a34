import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { writeTogether } from '../platform/table/conditional-write.ts';
import { decodeCursor, encodeCursor } from '../platform/table/cursor.ts';
import { badRequest } from '../platform/errors.ts';
import { collectPages, hydrate, queryIndex, type IndexPage } from '../platform/table/index-query.ts';
import { withDigestFields, withoutDigestFields } from './digest-codec.ts';
import {
  COMPLAINT_SHARDS,
  complaintAllPk,
  complaintCategoryPk,
  complaintIndexKeys,
  complaintKey,
  complaintShard,
  complaintStatsPk,
  complaintStatusPk,
  complaintTierPk,
  counterKey,
  orderIndexPk,
  TIMELINE_PREFIX,
  timelineKey,
  withoutKeys,
} from '../platform/table/keys.ts';
import type { Complaint, TimelineEntry } from './domain/complaint-types.ts';
import { counterDelta, counterRanges, TOTAL_SK, type Breakdown } from './domain/stats.ts';
import { QualityStore } from './quality-store.ts';
import type { Prefetched, TableKey } from '../platform/table/prefetch.ts';
import type { ComplaintDeskRecords } from './complaint-records.ts';

export interface ComplaintFilter {
  orderId?: string;
  status?: string;
  tier?: string;
  category?: string;
}

export type ComplaintPage = IndexPage<Complaint>;

/** One write of the engine: the record (if its digest changed), its timeline entry, and what hangs off the record. */
export interface Commit {
  /** The record as read (undefined: it must not exist yet). */
  prev?: Complaint;
  /** The new record; undefined: only the timeline entry is appended (the record's state did not change). */
  next?: Complaint;
  entry?: TimelineEntry;
  /** Further transaction items (e.g. claiming an order's pending refunds). */
  extra?: Record<string, unknown>[];
}
/** ok; duplicate: the timeline entry exists (the event was applied before); conflict: the record or an extra item changed — re-read and retry. */
export type CommitResult = 'ok' | 'duplicate' | 'conflict';

/** A stored record as the engine's type (the inspection-only list starts empty). */
export const asComplaint = (item: Record<string, unknown>): Complaint => ({ ...withDigestFields(withoutKeys<Complaint>(item)), appliedEventIds: [] });

const shards = Array.from({ length: COMPLAINT_SHARDS }, (_, i) => i);

/**
 * Every complaint change of a shard adds to its TOTAL counts inside the change's transaction, and
 * two transactions on one item at once cancel each other (TransactionConflict): so each change
 * adds to one of TOTAL_SLOTS items picked at random. The sum over them is the same; at a
 * 5,000 webhooks/s peak (~900 complaint changes/s over 16 shards) that is ~7 changes/s per item
 * instead of ~58. The slots share the shard's partition: partition heat is unchanged.
 */
export const TOTAL_SLOTS = 8;
const totalSlotSk = () => `${TOTAL_SK}#${Math.floor(Math.random() * TOTAL_SLOTS)}`;

/**
 * Complaints: one bounded record item per complaint (the fold's compact digest, not its inputs),
 * timeline entries as their own items under the same partition, a due-index key (gsi6) while a
 * clock runs, and sharded counters. A change is ONE conditional write or ONE transaction guarded by
 * `version` (optimistic concurrency: a lost race re-reads and re-applies, nothing is overwritten);
 * the timeline entry's `attribute_not_exists` condition makes each event count once however often
 * it is delivered, without a list of applied ids on the record.
 *
 * This class holds what the desk (operator reads and writes) uses; ComplaintStore
 * (complaint-store.ts) adds the event engine's calls (order facts, pending refunds, the due sweep).
 */
export class ComplaintDeskStore implements ComplaintDeskRecords {
  constructor(
    protected readonly ddb: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  /** The quality signal lives in the same table; composition roots need not know it. */
  qualityStore(): QualityStore {
    return new QualityStore(this.ddb, this.tableName);
  }

  /** `ahead`: items read with the delivery's dedup record (complaint-read-ahead.ts); a key is taken once, then read. */
  async get(id: string, ahead?: Prefetched): Promise<Complaint | undefined> {
    const item = await this.item(complaintKey(id), ahead);
    return item ? asComplaint(item) : undefined;
  }

  protected async item(key: TableKey, ahead?: Prefetched, consistent = true): Promise<Record<string, unknown> | undefined> {
    const taken = ahead?.take(key);
    if (taken) return taken.item;
    return (await this.ddb.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: consistent }))).Item;
  }

  private recordItem(c: Complaint) {
    const { timeline: _t, appliedEventIds: _a, ...rest } = c;
    return { ...complaintKey(c.id), ...complaintIndexKeys(c), entity: 'complaint', ...withoutDigestFields(rest) };
  }

  async commit(w: Commit): Promise<CommitResult> {
    const T = this.tableName;
    const items: Record<string, unknown>[] = [];
    let recordAt = -1;
    let entryAt = -1;
    if (w.next) {
      recordAt = items.length;
      items.push({
        Put: {
          TableName: T,
          Item: this.recordItem(w.next),
          ConditionExpression: w.prev ? 'version = :v' : 'attribute_not_exists(pk)',
          ExpressionAttributeValues: w.prev ? { ':v': w.prev.version } : undefined,
        },
      });
    }
    if (w.entry) {
      entryAt = items.length;
      const id = (w.next ?? w.prev)!.id;
      items.push({ Put: { TableName: T, Item: { ...timelineKey(id, w.entry.at, w.entry.eventId), entity: 'timeline', ...w.entry }, ConditionExpression: 'attribute_not_exists(pk)' } });
    }
    if (w.next) {
      const id = w.next.id;
      // (The due-time entry is the record's gsi6 key: it follows the earliest running clock by itself.)
      for (const [sk, attrs] of counterDelta(w.prev, w.next)) {
        const names: Record<string, string> = {};
        const values: Record<string, number> = {};
        const parts = [...attrs.entries()].map(([a, d], i) => {
          names[`#a${i}`] = a;
          values[`:d${i}`] = d;
          return `#a${i} :d${i}`;
        });
        items.push({ Update: { TableName: T, Key: { pk: complaintStatsPk(complaintShard(id)), sk: sk === TOTAL_SK ? totalSlotSk() : sk }, UpdateExpression: `ADD ${parts.join(', ')}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values } });
      }
    }
    items.push(...(w.extra ?? []));
    const r = await writeTogether(this.ddb, items);
    if (r.ok) return 'ok';
    if (entryAt >= 0 && r.codes[entryAt] === 'ConditionalCheckFailed') return 'duplicate';
    if (r.codes.some((c) => c === 'ConditionalCheckFailed' || c === 'TransactionConflict')) return 'conflict';
    throw r.error;
  }

  /** An operator action that changes only carried fields (reveal count), with its timeline entry. */
  async bumpReveal(c: Complaint, entry: TimelineEntry, at: string): Promise<CommitResult> {
    try {
      await this.ddb.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: complaintKey(c.id),
                UpdateExpression: 'ADD revealCount :one, version :one SET updatedAt = :at',
                ConditionExpression: 'version = :v',
                ExpressionAttributeValues: { ':one': 1, ':v': c.version, ':at': at },
              },
            },
            { Put: { TableName: this.tableName, Item: { ...timelineKey(c.id, entry.at, entry.eventId), entity: 'timeline', ...entry }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      );
      return 'ok';
    } catch (err) {
      if (err instanceof TransactionCanceledException) return 'conflict';
      throw err;
    }
  }

  /** The timeline, oldest first, paged (cursor: the last entry's key). */
  async timeline(id: string, limit = 100, cursor?: string): Promise<{ items: TimelineEntry[]; nextCursor?: string }> {
    const res = await this.ddb.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': complaintKey(id).pk, ':p': TIMELINE_PREFIX },
        ScanIndexForward: true,
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    return { items: (res.Items ?? []).map((i) => withoutKeys<TimelineEntry>(i)), nextCursor: encodeCursor(res.LastEvaluatedKey) };
  }

  /**
   * A filtered listing, newest first. Order → gsi2 (one partition, filtered after the fetch). Otherwise the index that makes
   * the read touch only matching items (category (+status+tier) → gsi5; status (+tier) → gsi1;
   * tier → gsi4; nothing → gsi3), fanned out over the write shards and merged; the cursor holds
   * each shard's position.
   */
  async list(f: ComplaintFilter, limit: number, cursor?: string): Promise<ComplaintPage> {
    if (f.orderId) {
      // gsi2 projects no complaint state (definitions.ts): an order's few complaints are filtered here.
      const page = await queryIndex<Record<string, unknown>>(this.ddb, this.tableName, { index: 'gsi2', pk: orderIndexPk(f.orderId), prefix: 'CMP#', limit, cursor, newestFirst: true });
      const matches = (c: Complaint) => (!f.status || c.status === f.status) && (!f.tier || c.tier === f.tier) && (!f.category || c.category === f.category);
      return { ...page, items: page.items.map(asComplaint).filter(matches) };
    }
    const q = chooseIndex(f);
    const equals = Object.entries({ status: f.status, tier: f.tier, category: f.category }).filter(([k, v]) => v !== undefined && !q.covers.includes(k));
    const names = Object.fromEntries(equals.map(([k]) => [`#${k}`, k]));
    const filterValues = Object.fromEntries(equals.map(([k, v]) => [`:${k}`, v]));
    const positions = decodePositions(cursor);
    const skAttr = `${q.index}sk`;
    const per = Math.min(limit, Math.ceil(limit / COMPLAINT_SHARDS) * 2 + 4);
    const live = shards.filter((s) => positions[s] !== null);
    const pages = await Promise.all(
      live.map(async (s) => {
        const res = await this.ddb.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: q.index,
            KeyConditionExpression: `${q.index}pk = :pk${q.prefix ? ` AND begins_with(${skAttr}, :prefix)` : ''}`,
            FilterExpression: equals.length ? equals.map(([k]) => `#${k} = :${k}`).join(' AND ') : undefined,
            ExpressionAttributeNames: equals.length ? names : undefined,
            ExpressionAttributeValues: { ':pk': q.pk(s), ...(q.prefix ? { ':prefix': q.prefix } : {}), ...filterValues },
            ScanIndexForward: false,
            Limit: per,
            ExclusiveStartKey: positions[s] ?? undefined,
          }),
        );
        return { s, items: (res.Items ?? []) as Record<string, unknown>[], lek: res.LastEvaluatedKey as Record<string, unknown> | undefined, scanned: res.ScannedCount ?? 0 };
      }),
    );
    // k-way merge: an item is safe to return once no shard can still hold a newer one, i.e. it is
    // not older than the furthest position a not-yet-exhausted shard has read to.
    const watermark = pages.filter((p) => p.lek).map((p) => String(p.lek![skAttr])).sort().at(-1);
    const candidates = pages
      .flatMap((p) => p.items.map((item) => ({ s: p.s, item, key: String(item[skAttr]) })))
      .filter((c) => watermark === undefined || c.key >= watermark)
      .sort((a, b) => (a.key < b.key ? 1 : -1))
      .slice(0, limit);
    const next = [...positions];
    for (const p of pages) {
      const taken = candidates.filter((c) => c.s === p.s);
      if (taken.length === p.items.length) next[p.s] = p.lek ?? null;
      else if (taken.length) {
        const last = taken.at(-1)!.item;
        next[p.s] = { pk: last.pk, sk: last.sk, [`${q.index}pk`]: last[`${q.index}pk`], [skAttr]: last[skAttr] };
      }
    }
    // Indexes project keys (and filter attributes) only: the page's full items in one BatchGetItem.
    const full = await hydrate(this.ddb, this.tableName, candidates.map((c) => c.item));
    return {
      items: full.map((item) => asComplaint(item)),
      // JSON has no `undefined`: a shard not read yet is written as 0, so it is never mistaken for a finished one (null).
      nextCursor: next.some((x) => x !== null) ? Buffer.from(JSON.stringify({ s: next.map((x) => (x === undefined ? 0 : x)) })).toString('base64url') : undefined,
      scanned: pages.reduce((a, p) => a + p.scanned, 0),
    };
  }

  /** The sharded counter items GET /stats reads (`counterRanges`): a query per range and shard, whatever the number of complaints. */
  async counters(fromDay: string, breakdown: readonly Breakdown[] = []): Promise<{ sk: string; attrs: Record<string, number> }[]> {
    const ranges = await Promise.all(counterRanges(fromDay, breakdown).map(([from, to]) => this.everyShard({ pk: complaintStatsPk, condition: 'sk BETWEEN :from AND :to', values: { ':from': from, ':to': to } })));
    return ranges.flat().map((i) => ({ sk: String(i.sk), attrs: Object.fromEntries(Object.entries(i).filter(([k, v]) => k !== 'pk' && k !== 'sk' && typeof v === 'number')) as Record<string, number> }));
  }

  /** Every item of one sort-key range in each write shard's partition, the shards read side by side. */
  protected async everyShard(q: { pk: (shard: number) => string; condition: string; values: Record<string, unknown>; consistent?: boolean; index?: string }): Promise<Record<string, unknown>[]> {
    const perShard = await Promise.all(
      shards.map((s) =>
        collectPages(async (cursor) => {
          const res = await this.ddb.send(
            new QueryCommand({
              TableName: this.tableName,
              IndexName: q.index,
              KeyConditionExpression: `${q.index ? `${q.index}pk` : 'pk'} = :pk AND ${q.condition}`,
              ExpressionAttributeValues: { ':pk': q.pk(s), ...q.values },
              ExclusiveStartKey: decodeCursor(cursor),
              ConsistentRead: q.consistent,
            }),
          );
          return { items: res.Items ?? [], nextCursor: encodeCursor(res.LastEvaluatedKey) };
        }),
      ),
    );
    return perShard.flat();
  }

  /** Atomic counter (round-robin owner, claims per customer). Returns the value after adding. */
  async increment(name: string): Promise<number> {
    const res = await this.ddb.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: counterKey(name),
        UpdateExpression: 'ADD #n :one',
        ExpressionAttributeNames: { '#n': 'n' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(res.Attributes?.n ?? 1);
  }
}

function decodePositions(cursor: string | undefined): (Record<string, unknown> | null | undefined)[] {
  if (!cursor) return shards.map(() => undefined);
  const raw = decodeCursor(cursor) as { s?: unknown };
  if (!Array.isArray(raw.s) || raw.s.length !== COMPLAINT_SHARDS) throw badRequest('invalid_cursor', 'cursor is not one this API issued');
  return (raw.s as (Record<string, unknown> | null | 0)[]).map((x) => (x === 0 ? undefined : x));
}

function chooseIndex(f: ComplaintFilter): { index: string; pk: (shard: number) => string; prefix?: string; covers: string[] } {
  if (f.category) {
    const prefix = f.status ? (f.tier ? `${f.status}#${f.tier}#` : `${f.status}#`) : undefined;
    return { index: 'gsi5', pk: (s) => complaintCategoryPk(s, f.category!), prefix, covers: ['category', ...(f.status ? ['status'] : []), ...(f.status && f.tier ? ['tier'] : [])] };
  }
  if (f.status) return { index: 'gsi1', pk: (s) => complaintStatusPk(s, f.status!), prefix: f.tier ? `${f.tier}#` : undefined, covers: ['status', ...(f.tier ? ['tier'] : [])] };
  if (f.tier) return { index: 'gsi4', pk: (s) => complaintTierPk(s, f.tier!), covers: ['tier'] };
  return { index: 'gsi3', pk: (s) => complaintAllPk(s), covers: [] };
}
