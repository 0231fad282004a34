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
 * Strongly consistent BatchGetItem of any number of keys of one table, 100 a request (DynamoDB's
 * limit); unprocessed keys (throttling) are asked again, so the result is complete or the call throws.
 */
export async function batchGetConsistent(ddb: DynamoDBDocumentClient, tableName: string, keys: TableKey[]): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  const unique = uniqueKeys(keys);
  for (let i = 0; i < unique.length; i += 100) {
    await untilProcessed('BatchGetItem', unique.slice(i, i + 100), async (pending) => {
      const res = await ddb.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }));
      for (const item of res.Responses?.[tableName] ?? []) out.set(id(item as TableKey), item);
      return (res.UnprocessedKeys?.[tableName]?.Keys ?? []) as TableKey[];
    });
  }
  return out;
}

export const keyId = id;
