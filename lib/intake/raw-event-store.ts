import { GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import type { CanonicalEvent } from '../canonical/canonical.ts';
import { unpackClaimCheck } from './claim-check-store.ts';
import { decodeBody, type IngestMessage } from './ingest-message.ts';
import { ignoredCountKey, ignoredCountPartitions, quarantineIndexPk, quarantinePartitions, rawEventKey } from '../platform/table/keys.ts';
import { queryAll, queryShards } from '../platform/table/index-query.ts';
import { conditionalTransaction, conditionalWrite } from '../platform/table/conditional-write.ts';
import { batchGetConsistent, keyId, Prefetched, type TableKey } from '../platform/table/prefetch.ts';
import { putAll } from '../platform/table/batch-write.ts';

export type RawEventState = 'pending' | 'done' | 'quarantined';

/** Deliveries of one topic an adapter ignores, counted on the day they arrived. */
export interface IgnoredCount {
  day: string;
  provider: string;
  topic: string;
  count: number;
}

/**
 * What a finished record keeps of each canonical event: enough for dedup audits and
 * `GET /deliveries` (id, type, the provider's time). The full event is re-derivable from the body
 * in audit storage; keeping it would double a courier update's record (about 1.6 KB → 2 WRU).
 */
export type EventRef = Pick<CanonicalEvent, 'id' | 'type' | 'occurredAt'>;
export const eventRefOf = (e: EventRef): EventRef => ({ id: e.id, type: e.type, occurredAt: e.occurredAt });

export interface RawEventRecord extends Omit<IngestMessage, 'v' | 'rawStoredInTable' | 'events'> {
  state: RawEventState;
  /**
   * Full canonical events only while `pending` (a claim-checked delivery, unpacked on read: the
   * worker applies them from here); event refs once done or quarantined.
   */
  events: CanonicalEvent[] | EventRef[];
  /** TTL, epoch seconds (absent while quarantined). */
  expiresAt?: number;
  replayedAt?: string;
}

/** Quarantine ids are opaque and URL-safe: base64url of `provider:deliveryId`. */
export const quarantineId = (provider: string, deliveryId: string) => Buffer.from(`${provider}:${deliveryId}`).toString('base64url');
export function parseQuarantineId(id: string): { provider: string; deliveryId: string } | undefined {
  const text = Buffer.from(id, 'base64url').toString('utf8');
  const i = text.indexOf(':');
  return i > 0 ? { provider: text.slice(0, i), deliveryId: text.slice(i + 1) } : undefined;
}

/**
 * Raw events: the audit copy of every verified delivery and, through its key, the dedup record.
 * The worker reads the record first (a duplicate stops there), applies the events to the domain
 * (whose writes are idempotent per event id), then writes the record as `done` with ONE
 * conditional put. That order makes a crash anywhere safe and keeps a tracking update at two
 * writes (shipment + this record):
 *
 *   deliver #1 ──get(none)──▶ domain ──put done (ok)
 *   deliver #2 ──get(done)──▶ duplicate, dropped
 *   crash after domain ──redelivery──▶ get(none) ──▶ domain (no-op: already applied) ──▶ put done
 *   #1 and #2 at once ──both apply (idempotent)──▶ one put wins, the other's condition fails: duplicate
 */
export class RawEventStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly opts: { ttlDays: number },
  ) {}

  private expiresAt(receivedAt: string) {
    return Math.floor(new Date(receivedAt).getTime() / 1000 + this.opts.ttlDays * 86400);
  }

  /**
   * Records the delivery as finished: `done` (events applied, kept until the TTL for audit and
   * dedup) or `quarantined` (kept without TTL until replayed). Returns false when another worker
   * finished it first. `from` is the state it may replace: pending (claim check) or, for a replay,
   * quarantined.
   */
  async finish(msg: IngestMessage, outcome: 'done' | 'quarantined', stored?: RawEventRecord, opts: { bodyElsewhere?: boolean } = {}): Promise<boolean> {
    const item = this.finishedItem(msg, outcome, stored, opts);
    const put = {
      TableName: this.tableName,
      Item: item,
      ConditionExpression: 'attribute_not_exists(pk) OR #state = :pending OR #state = :from',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':pending': 'pending', ':from': stored?.state === 'quarantined' ? 'quarantined' : 'pending' },
    };
    // An ignored topic's record and its day's counter in one transaction: a redelivery fails the
    // record's condition and counts nothing, a crash before it counts nothing yet, so the count is
    // exact. (Two write units more than a lone put; ignored topics are a few percent of the mix.)
    const written =
      msg.outcome === 'ignored' && outcome === 'done'
        ? await conditionalTransaction(() => this.ddb.send(new TransactWriteCommand({ TransactItems: [{ Put: put }, { Update: this.ignoredCounter(msg) }] })))
        : await conditionalWrite(() => this.ddb.send(new PutCommand(put)));
    return written.ok;
  }

  /**
   * `finish(msg, 'done')` for the accepted deliveries of one SQS batch that had no record when
   * read (the common case), in one BatchWriteItem. No condition is needed there: the only record
   * that can appear meanwhile is the same delivery finished by a concurrent redelivery, whose
   * done record this one equals. A delivery twice in the batch is written once; its second copy
   * answers false (a duplicate), as a lost condition would.
   */
  async finishAll(finished: { msg: IngestMessage; bodyElsewhere: boolean }[]): Promise<boolean[]> {
    const ids = finished.map(({ msg }) => keyId(rawEventKey(msg.provider, msg.deliveryId)));
    const first = ids.map((id, i) => ids.indexOf(id) === i);
    await putAll(this.ddb, this.tableName, finished.filter((_, i) => first[i]).map(({ msg, bodyElsewhere }) => this.finishedItem(msg, 'done', undefined, { bodyElsewhere })));
    return first;
  }

  private finishedItem(msg: IngestMessage, outcome: 'done' | 'quarantined', stored: RawEventRecord | undefined, opts: { bodyElsewhere?: boolean }): Record<string, unknown> {
    const quarantined = outcome === 'quarantined';
    const full = stored ? this.recordOfStored(stored) : this.recordOf(msg);
    // The body and headers went to audit storage (or, for an ignored topic, nowhere): the dedup
    // record keeps keys, state, outcome, event ids, the body's hash and size. A quarantined
    // delivery keeps its body here: replay reads it.
    const base = opts.bodyElsewhere && !quarantined ? small(full) : full;
    const item: Record<string, unknown> = {
      ...rawEventKey(msg.provider, msg.deliveryId),
      ...base,
      outcome: msg.outcome,
      quarantineReason: msg.quarantineReason,
      events: (msg.events.length || !stored ? msg.events : stored.events).map(eventRefOf),
      sourceEventType: msg.sourceEventType ?? stored?.sourceEventType,
      state: outcome,
      ...(quarantined
        ? { gsi1pk: quarantineIndexPk(msg.provider, msg.deliveryId), gsi1sk: `${msg.receivedAt}#${msg.provider}#${msg.deliveryId}` }
        : { processedAt: new Date().toISOString(), expiresAt: this.expiresAt(msg.receivedAt) }),
      ...(stored?.state === 'quarantined' ? { replayedAt: new Date().toISOString() } : {}),
    };
    return item;
  }

  private ignoredCounter(msg: IngestMessage) {
    const topic = msg.sourceEventType ?? 'unknown';
    return {
      TableName: this.tableName,
      Key: ignoredCountKey(msg.receivedAt.slice(0, 10), msg.provider, msg.deliveryId, topic),
      UpdateExpression: 'ADD #n :one SET provider = :p, topic = :t, expiresAt = if_not_exists(expiresAt, :exp)',
      ExpressionAttributeNames: { '#n': 'count' },
      ExpressionAttributeValues: { ':one': 1, ':p': msg.provider, ':t': topic, ':exp': this.expiresAt(msg.receivedAt) },
    };
  }

  /** Ignored deliveries per arrival day, provider and topic, for the given days (each day's shards read in parallel). */
  async ignoredCounts(days: readonly string[]): Promise<IgnoredCount[]> {
    const read = async (day: string, pk: string) =>
      (await queryAll(this.ddb, { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } })).map(
        (i): IgnoredCount => ({ day, provider: String(i.provider), topic: String(i.topic), count: Number(i.count) }),
      );
    const pages = await Promise.all(days.flatMap((day) => ignoredCountPartitions(day).map((pk) => read(day, pk))));
    const sums = new Map<string, IgnoredCount>();
    for (const c of pages.flat()) {
      const k = `${c.day}\u0000${c.provider}\u0000${c.topic}`;
      const prev = sums.get(k);
      sums.set(k, prev ? { ...prev, count: prev.count + c.count } : c);
    }
    // Oldest day first; within a day the largest count first.
    return [...sums.values()].sort((a, b) => a.day.localeCompare(b.day) || b.count - a.count || a.provider.localeCompare(b.provider) || a.topic.localeCompare(b.topic));
  }

  /**
   * The dedup record and, in the same round trip (one consistent BatchGetItem), the items the
   * domain will read first for this message (its shipments): a routine courier update then costs
   * one read round trip instead of two.
   */
  async getWith(provider: string, deliveryId: string, extra: TableKey[]): Promise<{ record: RawEventRecord | undefined; prefetched: Prefetched }> {
    if (!extra.length) return { record: await this.get(provider, deliveryId), prefetched: new Prefetched() };
    return (await this.getAllWith([{ provider, deliveryId, extra }]))[0]!;
  }

  /**
   * `getWith` for every record of one SQS batch in one round trip: their dedup records and the
   * items their domain reads first, in one consistent BatchGetItem.
   */
  async getAllWith(reads: { provider: string; deliveryId: string; extra: TableKey[] }[]): Promise<{ record: RawEventRecord | undefined; prefetched: Prefetched }[]> {
    const found = await batchGetConsistent(this.ddb, this.tableName, reads.flatMap((r) => [rawEventKey(r.provider, r.deliveryId), ...r.extra]));
    return reads.map((r) => {
      const prefetched = new Prefetched();
      for (const k of r.extra) prefetched.set(k, found.get(keyId(k)));
      const record = found.get(keyId(rawEventKey(r.provider, r.deliveryId)));
      return { record: record ? (unpackClaimCheck(record) as unknown as RawEventRecord) : undefined, prefetched };
    });
  }

  async get(provider: string, deliveryId: string): Promise<RawEventRecord | undefined> {
    const res = await this.ddb.send(new GetCommand({ TableName: this.tableName, Key: rawEventKey(provider, deliveryId), ConsistentRead: true }));
    return res.Item ? (unpackClaimCheck(res.Item) as unknown as RawEventRecord) : undefined;
  }

  /** Newest first across the quarantine's write shards (and the pre-sharding key). */
  async listQuarantine(limit: number, cursor?: string): Promise<{ items: RawEventRecord[]; nextCursor?: string }> {
    const page = await queryShards<RawEventRecord>(this.ddb, this.tableName, { index: 'gsi1', pks: quarantinePartitions(), limit, cursor, newestFirst: true });
    return { items: page.items, nextCursor: page.nextCursor };
  }

  private recordOf(msg: IngestMessage): Record<string, unknown> & Partial<Omit<IngestMessage, 'events'>> {
    const { v: _v, rawStoredInTable: _r, replay: _p, ...rest } = msg;
    return rest;
  }

  private recordOfStored(r: RawEventRecord): Record<string, unknown> & Partial<Omit<IngestMessage, 'events'>> {
    const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, expiresAt: _e, state: _s, ...rest } = r as RawEventRecord & Record<string, unknown>;
    return rest;
  }
}

/** The hot-path dedup record: everything but the body and headers, plus what identifies them. */
function small(r: Record<string, unknown> & Partial<Omit<IngestMessage, 'events'>>): Record<string, unknown> {
  const { body, headers: _h, ...rest } = r;
  const raw = body ? decodeBody(body) : undefined;
  return { ...rest, ...(raw ? { bodySha256: r.bodySha256 ?? createHash('sha256').update(raw).digest('hex'), bodyBytes: raw.length } : {}) };
}
