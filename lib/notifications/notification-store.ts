import { TransactionCanceledException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conditionalWrite } from '../platform/table/conditional-write.ts';
import { NOTIFICATION_COUNT_SLOTS, notificationCountKey, notificationIndexKeys, notificationKey, withoutKeys } from '../platform/table/keys.ts';
import { raceBackoff } from '../platform/table/retry-backoff.ts';
import type { NotificationRecord, NotificationStatus } from './notification-types.ts';
import { countedAs, NotificationReader, type CountedStatus } from './notification-reader.ts';


export type CreateResult = { created: true; record: NotificationRecord } | { created: false; status: NotificationStatus; enqueued: boolean };
export type ClaimResult = { kind: 'claimed'; record: NotificationRecord } | { kind: 'done'; status: NotificationStatus } | { kind: 'busy' } | { kind: 'missing' };

export type { NotificationFilter } from './notification-reader.ts';

/**
 * Notification records, one per (incident, order), keyed so that the record IS the exactly-once
 * guard: created by a conditional put (a second scan loses), delivered after a conditional claim
 * (a duplicate queue message finds it sent and does nothing).
 *
 *   scan A ──put(ok)──▶ queued ──send──▶ enqueuedAt set
 *   scan B ──put(fails: exists, queued, no enqueuedAt)──▶ re-sends (A crashed before marking)
 *   notifier ──claim queued→sending(ok)──▶ deliver ──▶ sent
 *   notifier (duplicate message) ──claim(fails: sent)──▶ nothing
 */
export class NotificationStore extends NotificationReader {
  async createIfAbsent(r: NotificationRecord): Promise<CreateResult> {
    const put = {
      Put: {
        TableName: this.tableName,
        Item: { ...notificationKey(r.incidentId, r.orderId), ...notificationIndexKeys(r), entity: 'notification', ...r },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
    const res = await this.withCount([put], r.incidentId, { [countedAs(r.status)]: 1 });
    if (res.ok) return { created: true, record: r };
    // The failed condition hands back the stored item (raw attribute values): no second read.
    const old = (res.old ?? {}) as Record<string, { S?: string }>;
    return { created: false, status: (old.status?.S ?? 'queued') as NotificationStatus, enqueued: old.enqueuedAt?.S !== undefined };
  }

  async markEnqueued(incidentId: string, orderId: string, at: Date): Promise<void> {
    await this.ddb.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: notificationKey(incidentId, orderId),
        UpdateExpression: 'SET enqueuedAt = if_not_exists(enqueuedAt, :t)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':t': at.toISOString() },
      }),
    );
  }

  /** queued (or failed, or a claim whose lock expired) → sending, for one notifier at a time. */
  async claim(incidentId: string, orderId: string, now: Date, lockSeconds: number): Promise<ClaimResult> {
    const nowS = Math.floor(now.getTime() / 1000);
    const sending = { UpdateExpression: 'SET #s = :sending, lockUntil = :lock, attempts = if_not_exists(attempts, :zero) + :one', ExpressionAttributeNames: { '#s': 'status' } };
    const values = { ':sending': 'sending', ':lock': nowS + lockSeconds, ':zero': 0, ':one': 1 };
    // queued and sending count alike: this claim changes no count, so it stays one conditional write.
    const first = await conditionalWrite(() =>
      this.ddb.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: notificationKey(incidentId, orderId),
          ...sending,
          ConditionExpression: '#s = :queued OR (#s = :sending AND lockUntil < :now)',
          ExpressionAttributeValues: { ...values, ':queued': 'queued', ':now': nowS },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
    if (first.ok) return { kind: 'claimed', record: withoutKeys<NotificationRecord>(first.value.Attributes ?? {}) };
    const status = first.old?.status?.S as NotificationStatus | undefined;
    if (!status) return { kind: 'missing' };
    if (status !== 'failed') return status === 'sending' ? { kind: 'busy' } : { kind: 'done', status };
    // A failed one retried (the notifier's own retry, or an operator's): it moves from failed back to queued.
    const retried = await this.withCount([{ Update: { TableName: this.tableName, Key: notificationKey(incidentId, orderId), ...sending, ConditionExpression: '#s = :failed', ExpressionAttributeValues: { ...values, ':failed': 'failed' } } }], incidentId, { failed: -1, queued: 1 });
    if (!retried.ok) return { kind: 'busy' }; // another notifier claimed it first
    const record = await this.get(incidentId, orderId);
    return record ? { kind: 'claimed', record } : { kind: 'missing' };
  }

  /** Records the outcome of a claimed delivery. */
  async finish(incidentId: string, orderId: string, outcome: { status: 'sent' | 'failed' | 'skipped'; at: string; reason?: string; detail?: string; message?: NotificationRecord['message'] }): Promise<void> {
    const sets = ['#s = :s'];
    const names: Record<string, string> = { '#s': 'status' };
    const values: Record<string, unknown> = { ':s': outcome.status, ':sending': 'sending' };
    if (outcome.status === 'sent') {
      sets.push('sentAt = :at');
      values[':at'] = outcome.at;
    }
    for (const k of ['reason', 'detail', 'message'] as const) {
      if (outcome[k] === undefined) continue;
      sets.push(`#${k} = :${k}`);
      names[`#${k}`] = k;
      values[`:${k}`] = outcome[k];
    }
    if (outcome.status === 'sent') names['#reason'] = 'reason';
    const update = {
      Update: {
        TableName: this.tableName,
        Key: notificationKey(incidentId, orderId),
        UpdateExpression: `SET ${sets.join(', ')} REMOVE lockUntil${outcome.status === 'sent' ? ', #reason' : ''}`,
        ConditionExpression: '#s = :sending',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
    const res = await this.withCount([update], incidentId, { queued: -1, [outcome.status]: 1 });
    if (!res.ok) throw new Error(`notification ${incidentId}/${orderId} is no longer being delivered here`);
  }

  /**
   * `items` and the change of the incident's counts in one transaction, so a count moves exactly when
   * a notification does. The first item's failed condition is the answer (`ok: false`, with the
   * stored item when it asked for it); a conflict on a count slot is retried.
   */
  private async withCount(items: Record<string, unknown>[], incidentId: string, delta: Partial<Record<CountedStatus, number>>): Promise<{ ok: true } | { ok: false; old?: Record<string, AttributeValue> }> {
    const changes = Object.entries(delta).filter(([, n]) => n);
    for (let attempt = 0; ; attempt++) {
      const count = {
        Update: {
          TableName: this.tableName,
          Key: notificationCountKey(incidentId, Math.floor(Math.random() * NOTIFICATION_COUNT_SLOTS)),
          UpdateExpression: `SET entity = :entity ADD ${changes.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(changes.map(([k], i) => [`#c${i}`, k])),
          ExpressionAttributeValues: { ':entity': 'notification-count', ...Object.fromEntries(changes.map(([, n], i) => [`:c${i}`, n])) },
        },
      };
      try {
        await this.ddb.send(new TransactWriteCommand({ TransactItems: [...items, count] as never }));
        return { ok: true };
      } catch (err) {
        if (!(err instanceof TransactionCanceledException)) throw err;
        const [first] = err.CancellationReasons ?? [];
        if (first?.Code === 'ConditionalCheckFailed') return { ok: false, old: first.Item };
        if (!err.CancellationReasons?.some((r) => r.Code === 'TransactionConflict') || attempt >= 8) throw err;
        await raceBackoff(attempt);
      }
    }
  }

  /** Lets a retry claim at once after an unexpected error instead of waiting for the lock. */
  async release(incidentId: string, orderId: string): Promise<void> {
    await this.ddb
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: notificationKey(incidentId, orderId),
          UpdateExpression: 'SET lockUntil = :zero',
          ConditionExpression: '#s = :sending',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':zero': 0, ':sending': 'sending' },
        }),
      )
      .catch(() => undefined);
  }

}
