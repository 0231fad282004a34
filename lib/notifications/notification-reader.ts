import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryIndex } from '../platform/table/index-query.ts';
import { incidentIndexPk, notificationBatchPk, notificationCountPk, notificationKey, orderIndexPk, withoutKeys } from '../platform/table/keys.ts';
import type { NotificationRecord, NotificationStatus } from './notification-types.ts';

/** What the board counts: a notification being delivered is still queued. */
export const COUNTED = ['queued', 'sent', 'failed', 'skipped'] as const;
export type CountedStatus = (typeof COUNTED)[number];
export const countedAs = (s: NotificationStatus): CountedStatus => (s === 'sending' ? 'queued' : s);

export interface NotificationFilter {
  incidentId?: string;
  batchId?: string;
  orderId?: string;
}

/**
 * The reads of the notification records (one record, a filtered list, an incident's counts): all
 * the desk and the operator API use, so their bundles leave out the writes (NotificationStore).
 */
export class NotificationReader {
  constructor(
    protected readonly ddb: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

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
}
