import { unmarshall } from '@aws-sdk/util-dynamodb';
import { conditionalWrite } from '../platform/table/conditional-write.ts';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor } from '../platform/table/cursor.ts';
import { alertIndexKeys, alertKey, alertStatePk, withoutKeys } from '../platform/table/keys.ts';
import { hydrate } from '../platform/table/index-query.ts';
import type { AlertState, StallAlert } from './alert-types.ts';

/**
 * Stall alerts, one item each, listed by state through gsi1 (`ALERT#open` / `ALERT#resolved`,
 * sorted by detection time), never by a Scan.
 */
export class AlertStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Creates the alert unless it exists (same parcel, same episode); returns the stored one either way. */
  async openIfAbsent(a: StallAlert): Promise<{ alert: StallAlert; created: boolean }> {
    const write = await conditionalWrite(() =>
      this.ddb.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...alertKey(a.id), ...alertIndexKeys(a), entity: 'alert', ...a },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
    if (write.ok) return { alert: a, created: true };
    return { alert: withoutKeys<StallAlert>(unmarshall(write.old ?? {})), created: false };
  }

  async get(id: string): Promise<StallAlert | undefined> {
    const res = await this.ddb.send(new GetCommand({ TableName: this.tableName, Key: alertKey(id), ConsistentRead: true }));
    return res.Item ? withoutKeys<StallAlert>(res.Item) : undefined;
  }

  async attach(id: string, refs: { incidentId: string; complaintId?: string }): Promise<void> {
    await this.ddb.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: alertKey(id),
        UpdateExpression: refs.complaintId ? 'SET incidentId = :i, complaintId = :c' : 'SET incidentId = :i',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':i': refs.incidentId, ...(refs.complaintId ? { ':c': refs.complaintId } : {}) },
      }),
    );
  }

  /** open → resolved, once. False when it was already resolved. */
  async resolve(id: string, resolvedAt: string, recoveredAt: string | undefined): Promise<boolean> {
    const write = await conditionalWrite(() =>
      this.ddb.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: alertKey(id),
          UpdateExpression: `SET #state = :resolved, resolvedAt = :at, gsi1pk = :pk${recoveredAt ? ', recoveredAt = :rec' : ''}`,
          ConditionExpression: '#state = :open',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':resolved': 'resolved',
            ':open': 'open',
            ':at': resolvedAt,
            ':pk': alertStatePk('resolved'),
            ...(recoveredAt ? { ':rec': recoveredAt } : {}),
          },
        }),
      ),
    );
    return write.ok;
  }

  /** One page of alerts in a state, newest first, optionally detected within [from, to]. */
  async list(state: AlertState, opts: { limit: number; cursor?: string; from?: string; to?: string }): Promise<{ items: StallAlert[]; nextCursor?: string; scanned: number }> {
    const range = opts.from || opts.to ? ' AND gsi1sk BETWEEN :from AND :to' : '';
    const res = await this.ddb.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: `gsi1pk = :pk${range}`,
        ExpressionAttributeValues: {
          ':pk': alertStatePk(state),
          // Sort keys are `<detectedAt>#<id>`: '#' and '~' bracket every id.
          ...(range ? { ':from': `${opts.from ?? ''}#`, ':to': `${opts.to ?? '9999'}~` } : {}),
        },
        ScanIndexForward: false,
        Limit: opts.limit,
        ExclusiveStartKey: decodeCursor(opts.cursor),
      }),
    );
    return { items: (await hydrate(this.ddb, this.tableName, res.Items ?? [])).map((i) => withoutKeys<StallAlert>(i)), nextCursor: encodeCursor(res.LastEvaluatedKey), scanned: res.ScannedCount ?? 0 };
  }

  /** Every alert in a state (the ledger and the metric); reads grow with alerts, not shipments. */
  async all(state: AlertState, range: { from?: string; to?: string } = {}): Promise<StallAlert[]> {
    const out: StallAlert[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.list(state, { limit: 500, cursor, ...range });
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  async countOpen(): Promise<number> {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const res = await this.ddb.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': alertStatePk('open') },
          Select: 'COUNT',
          ExclusiveStartKey: startKey,
        }),
      );
      count += res.Count ?? 0;
      startKey = res.LastEvaluatedKey;
    } while (startKey);
    return count;
  }
}
