import { ConditionalCheckFailedException, TransactionCanceledException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export type ConditionalResult<T> = { ok: true; value: T } | { ok: false; old?: Record<string, AttributeValue> };

/**
 * Every store's single conditional write goes through here: a failed condition is an answer (a
 * duplicate, a lost race, a rerun), not an error, so it comes back as `ok: false` together with the
 * stored item when the write asked for it (`ReturnValuesOnConditionCheckFailure: 'ALL_OLD'`, raw
 * attribute values: no second read). Anything else still throws.
 */
export async function conditionalWrite<T>(write: () => Promise<T>): Promise<ConditionalResult<T>> {
  try {
    return { ok: true, value: await write() };
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return { ok: false, old: err.Item };
    throw err;
  }
}

/**
 * The same for a transaction whose item `at` carries the condition that decides it (the record
 * put, the account): that item's failed condition cancels the whole transaction and is an answer;
 * any other cancellation (a conflict, another item's condition) still throws.
 */
export async function conditionalTransaction<T>(write: () => Promise<T>, at = 0): Promise<ConditionalResult<T>> {
  try {
    return { ok: true, value: await write() };
  } catch (err) {
    if (err instanceof TransactionCanceledException && err.CancellationReasons?.[at]?.Code === 'ConditionalCheckFailed') return { ok: false };
    throw err;
  }
}

/**
 * Writes the items of a TransactWriteItems list all or none. A list of one is sent as that one
 * conditional write instead: a transaction bills every item twice. A failed condition or a
 * cancellation comes back with a code per item (`ConditionalCheckFailed`, `TransactionConflict`,
 * …; a lone write's failed condition as its one code), for the caller to read as an answer; any
 * other error throws.
 */
export async function writeTogether(ddb: DynamoDBDocumentClient, items: Record<string, unknown>[]): Promise<{ ok: true } | { ok: false; codes: (string | undefined)[]; error: Error }> {
  if (items.length === 1) {
    const [kind, input] = Object.entries(items[0]!)[0] as ['Put' | 'Update' | 'Delete', never];
    const command = kind === 'Put' ? new PutCommand(input) : kind === 'Update' ? new UpdateCommand(input) : new DeleteCommand(input);
    try {
      await ddb.send(command as PutCommand);
      return { ok: true };
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return { ok: false, codes: ['ConditionalCheckFailed'], error: err };
      throw err;
    }
  }
  try {
    await ddb.send(new TransactWriteCommand({ TransactItems: items as never }));
    return { ok: true };
  } catch (err) {
    if (err instanceof TransactionCanceledException) return { ok: false, codes: (err.CancellationReasons ?? []).map((r) => r.Code), error: err };
    throw err;
  }
}
