import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { withoutKeys } from './keys.ts';

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
 * One page of one GSI partition, keys stripped, with an opaque cursor: the shape every listing
 * route of the API shares.
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
  return { items: (res.Items ?? []).map((i) => withoutKeys<T>(i)), nextCursor: encodeCursor(res.LastEvaluatedKey), scanned: res.ScannedCount ?? 0 };
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
