import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { withoutKeys } from './keys.ts';
import { batchGet, keyId } from './prefetch.ts';
import { badRequest } from '../errors.ts';

export interface IndexQuery {
  index: string;
  /** Partition of the index (`<index>pk`). */
  pk: string;
  /** Optional `begins_with` on the index sort key (`<index>sk`). */
  prefix?: string;
  /** Attribute equalities the index cannot express, applied as a filter on the narrowed set. */
  equals?: Record<string, string | undefined>;
  limit: number;
  cursor?: string;
  newestFirst?: boolean;
}

export interface IndexPage<T> {
  items: T[];
  nextCursor?: string;
  /** Items DynamoDB read for this page (ScannedCount): shows a listing reads only what matches. */
  scanned: number;
}

/**
 * The full items behind index entries (indexes project keys and a few filter attributes only, see
 * `definitions.ts`): BatchGetItem, 100 keys per request, side by side, in the entries' order. An
 * item deleted since the index saw it is left out. Eventually consistent, like the index itself.
 */
export async function hydrate(ddb: DynamoDBDocumentClient, tableName: string, entries: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  if (!entries.length) return [];
  const keys = entries.map((e) => ({ pk: String(e.pk), sk: String(e.sk) }));
  const found = await batchGet(ddb, tableName, keys, { consistent: false });
  return keys.map((k) => found.get(keyId(k))).filter((i): i is Record<string, unknown> => i !== undefined);
}

/**
 * One page of one GSI partition, full items (hydrated), keys stripped, with an opaque cursor: the
 * shape every listing route of the API shares.
 */
export async function queryIndex<T>(ddb: DynamoDBDocumentClient, tableName: string, q: IndexQuery): Promise<IndexPage<T>> {
  const values: Record<string, unknown> = { ':pk': q.pk, ...(q.prefix ? { ':prefix': q.prefix } : {}) };
  const names: Record<string, string> = {};
  const filters: string[] = [];
  for (const [field, value] of Object.entries(q.equals ?? {})) {
    if (value === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    filters.push(`#${field} = :${field}`);
  }
  const res = await ddb.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: q.index,
      KeyConditionExpression: `${q.index}pk = :pk${q.prefix ? ` AND begins_with(${q.index}sk, :prefix)` : ''}`,
      FilterExpression: filters.length ? filters.join(' AND ') : undefined,
      ExpressionAttributeNames: filters.length ? names : undefined,
      ExpressionAttributeValues: values,
      ScanIndexForward: !q.newestFirst,
      Limit: q.limit,
      ExclusiveStartKey: decodeCursor(q.cursor),
    }),
  );
  const items = await hydrate(ddb, tableName, res.Items ?? []);
  return { items: items.map((i) => withoutKeys<T>(i)), nextCursor: encodeCursor(res.LastEvaluatedKey), scanned: res.ScannedCount ?? 0 };
}

/** Every page of a listing, for the few callers that need the whole set (an order's records, stats). */
export async function collectPages<T>(page: (cursor?: string) => Promise<{ items: T[]; nextCursor?: string }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    out.push(...p.items);
    cursor = p.nextCursor;
  } while (cursor);
  return out;
}

/** Every item one query matches, page after page (for partitions known to stay small). */
export async function queryAll(ddb: DynamoDBDocumentClient, input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await ddb.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    out.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

/**
 * One page across several partitions of one index (the write shards of one listing), merged by
 * sort key, full items. The cursor holds each partition's position (null: exhausted). An entry is
 * returned only once no partition still unread could hold one that sorts before it, so pages are
 * exact and never skip or repeat.
 */
export async function queryShards<T>(
  ddb: DynamoDBDocumentClient,
  tableName: string,
  q: { index: string; pks: string[]; limit: number; cursor?: string; newestFirst?: boolean },
): Promise<IndexPage<T>> {
  const skAttr = `${q.index}sk`;
  const positions = decodeShardCursor(q.cursor, q.pks.length);
  const pages = await Promise.all(
    q.pks.map(async (pk, s) => {
      if (positions[s] === null) return { s, items: [] as Record<string, unknown>[], lek: undefined, scanned: 0, done: true };
      const res = await ddb.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: q.index,
          KeyConditionExpression: `${q.index}pk = :pk`,
          ExpressionAttributeValues: { ':pk': pk },
          ScanIndexForward: !q.newestFirst,
          Limit: q.limit,
          ExclusiveStartKey: positions[s] ?? undefined,
        }),
      );
      return { s, items: (res.Items ?? []) as Record<string, unknown>[], lek: res.LastEvaluatedKey as Record<string, unknown> | undefined, scanned: res.ScannedCount ?? 0, done: false };
    }),
  );
  const before = (a: string, b: string) => (q.newestFirst ? a > b : a < b);
  // The furthest point a not-exhausted partition has read to: entries beyond it must wait.
  const marks = pages.filter((p) => p.lek).map((p) => String(p.lek![skAttr]));
  const watermark = marks.sort((a, b) => (before(a, b) ? -1 : 1))[0];
  const candidates = pages
    .flatMap((p) => p.items.map((item) => ({ s: p.s, item, key: String(item[skAttr]) })))
    .filter((c) => watermark === undefined || !before(watermark, c.key))
    .sort((a, b) => (before(a.key, b.key) ? -1 : 1))
    .slice(0, q.limit);
  const next = [...positions];
  for (const p of pages) {
    if (p.done) continue;
    const taken = candidates.filter((c) => c.s === p.s);
    if (taken.length === p.items.length) next[p.s] = p.lek ?? null;
    else if (taken.length) {
      const last = taken.at(-1)!.item;
      next[p.s] = { pk: last.pk, sk: last.sk, [`${q.index}pk`]: last[`${q.index}pk`], [skAttr]: last[skAttr] };
    }
  }
  const items = await hydrate(ddb, tableName, candidates.map((c) => c.item));
  return {
    items: items.map((i) => withoutKeys<T>(i)),
    // 0 = not read yet (JSON has no undefined: it would come back as null, "exhausted", and skip the partition).
    nextCursor: next.some((x) => x !== null) ? Buffer.from(JSON.stringify({ s: next.map((x) => (x === undefined ? 0 : x)) })).toString('base64url') : undefined,
    scanned: pages.reduce((a, p) => a + p.scanned, 0),
  };
}

function decodeShardCursor(cursor: string | undefined, n: number): (Record<string, unknown> | null | undefined)[] {
  if (!cursor) return Array.from({ length: n }, () => undefined);
  const raw = decodeCursor(cursor) as { s?: unknown };
  if (!Array.isArray(raw.s) || raw.s.length !== n) throw badRequest('invalid_cursor', 'cursor is not one this API issued');
  return (raw.s as (Record<string, unknown> | null | 0)[]).map((x) => (x === 0 ? undefined : x));
}
