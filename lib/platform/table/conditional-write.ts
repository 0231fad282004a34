import { ConditionalCheckFailedException, type AttributeValue } from '@aws-sdk/client-dynamodb';

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
