import { ConditionalCheckFailedException, TransactionCanceledException, type AttributeValue } from '@aws-sdk/client-dynamodb';

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
