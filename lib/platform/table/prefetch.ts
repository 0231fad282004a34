import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { untilProcessed } from './retry-backoff.ts';

export interface TableKey {
  pk: string;
  sk: string;
}

const id = (k: TableKey) => `${k.pk}\u0000${k.sk}`;

/**
 * Items read ahead of the code that needs them, so one message's independent reads cost one round
 * trip (BatchGetItem) instead of one each. Each prefetched item is handed out ONCE: after the first
 * taker wrote, the prefetched copy is stale, and a second read (a retry after a lost race, the
 * next event of the same message) must go to the table.
 */
export class Prefetched {
  private readonly items = new Map<string, Record<string, unknown> | undefined>();

  set(key: TableKey, item: Record<string, unknown> | undefined) {
    this.items.set(id(key), item);
  }

  /** Whether `key` was read ahead and not taken yet. */
  has(key: TableKey): boolean {
    return this.items.has(id(key));
  }

  /** `{ item }` (item undefined: read, does not exist) or undefined when this key was not prefetched (or already taken). */
  take(key: TableKey): { item: Record<string, unknown> | undefined } | undefined {
    const k = id(key);
    if (!this.items.has(k)) return undefined;
    const item = this.items.get(k);
    this.items.delete(k);
    return { item };
  }
}

/** Deduplicates keys (BatchGetItem rejects a request that names one key twice). */
export function uniqueKeys(keys: TableKey[]): TableKey[] {
  return [...new Map(keys.map((k) => [id(k), { pk: k.pk, sk: k.sk }])).values()];
}

/**
 * BatchGetItem of any number of keys of one table, 100 a request (DynamoDB's limit), the requests
 * side by side; unprocessed keys (throttling) are asked again, so the result is complete or the
 * call throws. Strongly consistent unless told (reads behind an index are no fresher than it).
 */
export async function batchGet(ddb: DynamoDBDocumentClient, tableName: string, keys: TableKey[], o: { consistent?: boolean } = {}): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  const unique = uniqueKeys(keys);
  const chunks: TableKey[][] = [];
  for (let i = 0; i < unique.length; i += 100) chunks.push(unique.slice(i, i + 100));
  await Promise.all(
    chunks.map((chunk) =>
      untilProcessed('BatchGetItem', chunk, async (pending) => {
        const res = await ddb.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: o.consistent ?? true } } }));
        for (const item of res.Responses?.[tableName] ?? []) out.set(id(item as TableKey), item);
        return (res.UnprocessedKeys?.[tableName]?.Keys ?? []) as TableKey[];
      }),
    ),
  );
  return out;
}

/** `batchGet`, strongly consistent: what a write decides on. */
export const batchGetConsistent = (ddb: DynamoDBDocumentClient, tableName: string, keys: TableKey[]) => batchGet(ddb, tableName, keys);

export const keyId = id;
