import { conditionalWrite } from '../platform/table/conditional-write.ts';
import { DeleteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { openIncidentKey } from '../platform/table/keys.ts';
import { incidentIdFor } from './stall-ids.ts';

export interface IncidentMembership {
  incidentId: string;
  /** This call opened the incident. */
  opened: boolean;
  /** The batch's customers have all been given their notification record for this incident. */
  fannedOut: boolean;
}

/**
 * The open incident of a batch: one item per batch (`BATCH#<b>` / `INCIDENT#OPEN`) holding the set
 * of its open alerts. Joining is ONE UpdateItem that creates the item or adds to it, so parcels of
 * the same batch stalling at the same time, in one scan or in overlapping ones, share one incident.
 * The item is deleted when its last alert resolves; the batch's next stall opens a new incident.
 */
export class IncidentStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async join(batchId: string, alertId: string, now: Date): Promise<IncidentMembership> {
    const newId = incidentIdFor(batchId, alertId);
    const res = await this.ddb.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: openIncidentKey(batchId),
        UpdateExpression: 'SET incidentId = if_not_exists(incidentId, :id), openedAt = if_not_exists(openedAt, :now), batchId = :b, entity = :e ADD openAlerts :a',
        ExpressionAttributeValues: { ':id': newId, ':now': now.toISOString(), ':b': batchId, ':e': 'incident', ':a': new Set([alertId]) },
        // The item as it was before: no incident id means this call opened the incident.
        ReturnValues: 'ALL_OLD',
      }),
    );
    const old = res.Attributes ?? {};
    return typeof old.incidentId === 'string'
      ? { incidentId: old.incidentId, opened: false, fannedOut: old.fannedOut === true }
      : { incidentId: newId, opened: true, fannedOut: false };
  }

  async markFannedOut(batchId: string, incidentId: string): Promise<void> {
    // A failed condition: the incident closed meanwhile (every parcel moved again), nothing to mark.
    await conditionalWrite(() =>
      this.ddb.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: openIncidentKey(batchId),
          UpdateExpression: 'SET fannedOut = :t',
          ConditionExpression: 'incidentId = :i',
          ExpressionAttributeValues: { ':t': true, ':i': incidentId },
        }),
      ),
    );
  }

  /** The alert resolved: leave the incident and close it when no open alert remains. Returns true when closed. */
  async leave(batchId: string, alertId: string): Promise<boolean> {
    const left = await conditionalWrite(() =>
      this.ddb.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: openIncidentKey(batchId),
          UpdateExpression: 'DELETE openAlerts :a',
          ConditionExpression: 'contains(openAlerts, :id)',
          ExpressionAttributeValues: { ':a': new Set([alertId]), ':id': alertId },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    // Not ok: already left (a rerun); still try to close, the first attempt may have stopped here.
    const remaining: unknown = left.ok ? left.value.Attributes?.openAlerts : undefined;
    if (remaining instanceof Set && remaining.size > 0) return false;
    // DynamoDB drops a set attribute when its last element is deleted.
    const closed = await conditionalWrite(() =>
      this.ddb.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: openIncidentKey(batchId),
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(openAlerts)',
        }),
      ),
    );
    return closed.ok;
  }
}
