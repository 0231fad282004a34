import { TransactionCanceledException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { conditionalWrite } from '../platform/table/conditional-write.ts';
import { queryIndex } from '../platform/table/index-query.ts';
import { incidentIndexPk, NOTIFICATION_COUNT_SLOTS, notificationBatchPk, notificationCountKey, notificationCountPk, notificationIndexKeys, notificationKey, orderIndexPk, withoutKeys } from '../platform/table/keys.ts';
import { raceBackoff } from '../platform/table/retry-backoff.ts';
import type { NotificationRecord, NotificationStatus } from './notification-types.ts';

/** What the board counts: a notification being delivered is still queued. */
const COUNTED = ['queued', 'sent', 'failed', 'skipped'] as const;
type CountedStatus = (typeof COUNTED)[number];
const countedAs = (s: NotificationStatus): CountedStatus => (s === 'sending' ? 'queued' : s);

export type CreateResult = { created: true; record: NotificationRecord } | { created: false; status: NotificationStatus; enqueued: boolean };
export type ClaimResult = { kind: 'claimed'; record: NotificationRecord } | { kind: 'done'; status: NotificationStatus } | { kind: 'busy' } | { kind: 'missing' };

export interface NotificationFilter {
  incidentId?: string;
  batchId?: string;
  orderId?: string;
}

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
export class NotificationStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

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
   * The incident's notifications by status (sending counts as queued): its count items, whatever the
   * batch's size. An incident whose notifications all came before the counts (session 26) has none:
   * it is counted from its first 500 notifications, as the board did before.
   */
  async counts(incidentId: string): Promise<Record<CountedStatus, number>> {
    const res = await this.ddb.send(new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': notificationCountPk(incidentId) }, ConsistentRead: true }));
    const out: Record<CountedStatus, number> = { queued: 0, sent: 0, failed: 0, skipped: 0 };
    if (res.Items?.length) {
      for (const item of res.Items) for (const k of COUNTED) out[k] += Number(item[k] ?? 0);
    } else {
      for (const n of (await this.list({ incidentId }, 500)).items) out[countedAs(n.status)] += 1;
    }
    return out;
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

  async get(incidentId: string, orderId: string): Promise<NotificationRecord | undefined> {
    const res = await this.ddb.send(new GetCommand({ TableName: this.tableName, Key: notificationKey(incidentId, orderId), ConsistentRead: true }));
    return res.Item ? withoutKeys<NotificationRecord>(res.Item) : undefined;
  }

  /**
   * One Query on the index that matches the most selective filter: order (gsi2), incident (gsi4),
   * batch (gsi5); the other filters apply to that small set. At least one filter is required.
   */
  async list(f: NotificationFilter, limit: number, cursor?: string): Promise<{ items: NotificationRecord[]; nextCursor?: string }> {
    const q = f.orderId
      ? { index: 'gsi2', pk: orderIndexPk(f.orderId), prefix: 'NOTIF#' }
      : f.incidentId
        ? { index: 'gsi4', pk: incidentIndexPk(f.incidentId) }
        : { index: 'gsi5', pk: notificationBatchPk(f.batchId ?? '') };
    // What the chosen index does not already narrow by is filtered on the (small) partition.
    const equals = { incidentId: f.orderId ? f.incidentId : undefined, batchId: f.orderId || f.incidentId ? f.batchId : undefined };
    return queryIndex<NotificationRecord>(this.ddb, this.tableName, { ...q, equals, limit, cursor });
  }
}
