import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { untilProcessed } from './retry-backoff.ts';

/**
 * Puts items with BatchWriteItem, 25 a request (DynamoDB's limit); items DynamoDB leaves
 * unprocessed (throttling) are sent again, so the call writes all or throws. Only for puts that
 * need no condition: BatchWriteItem takes none.
 */
export async function putAll(ddb: DynamoDBDocumentClient, tableName: string, items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    await untilProcessed('BatchWriteItem', items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })), async (pending) => {
      const res = await ddb.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      return (res.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    });
  }
}
