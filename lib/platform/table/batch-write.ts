import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { raceBackoff } from './retry-backoff.ts';

/**
 * Puts items with BatchWriteItem, 25 a request (DynamoDB's limit); items DynamoDB leaves
 * unprocessed (throttling) are sent again with backoff, so the call writes all or throws. Only for
 * puts that need no condition: BatchWriteItem takes none.
 */
export async function putAll(ddb: DynamoDBDocumentClient, tableName: string, items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 8) throw new Error('BatchWriteItem left items unprocessed after 8 retries');
      if (attempt > 0) await raceBackoff(attempt);
      const res = await ddb.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (res.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  }
}
