import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryIndex } from '../platform/table/index-query.ts';
import { incidentIndexPk, notificationBatchPk, notificationIndexKeys, notificationKey, orderIndexPk, withoutKeys } from '../platform/table/keys.ts';
import type { NotificationRecord, NotificationStatus } from './notification-types.ts';

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
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...notificationKey(r.incidentId, r.orderId), ...notificationIndexKeys(r), entity: 'notification', ...r },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { created: true, record: r };
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      // The failed condition hands back the stored item (raw attribute values): no second read.
      const old = (err.Item ?? {}) as Record<string, { S?: string }>;
      return { created: false, status: (old.status?.S ?? 'queued') as NotificationStatus, enqueued: old.enqueuedAt?.S !== undefined };
    }
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
    try {
      const res = await this.ddb.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: notificationKey(incidentId, orderId),
          UpdateExpression: 'SET #s = :sending, lockUntil = :lock, attempts = if_not_exists(attempts, :zero) + :one',
          ConditionExpression: '#s = :queued OR #s = :failed OR (#s = :sending AND lockUntil < :now)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending', ':queued': 'queued', ':failed': 'failed', ':lock': nowS + lockSeconds, ':now': nowS, ':zero': 0, ':one': 1 },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { kind: 'claimed', record: withoutKeys<NotificationRecord>(res.Attributes ?? {}) };
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      const status = (err.Item as Record<string, { S?: string }> | undefined)?.status?.S as NotificationStatus | undefined;
      if (!status) return { kind: 'missing' };
      return status === 'sending' ? { kind: 'busy' } : { kind: 'done', status };
    }
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
    await this.ddb.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: notificationKey(incidentId, orderId),
        UpdateExpression: `SET ${sets.join(', ')} REMOVE lockUntil${outcome.status === 'sent' ? ', #reason' : ''}`,
        ConditionExpression: '#s = :sending',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
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
