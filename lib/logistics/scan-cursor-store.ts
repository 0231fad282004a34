import { conditionalWrite } from '../platform/table/conditional-write.ts';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { stallScanCursorKey } from '../platform/table/keys.ts';

/**
 * Where the stall scan resumes: the first hour bucket not yet known to be finished. It only moves
 * forward (conditional write), so overlapping scans can never move it back.
 */
export class ScanCursorStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(): Promise<string | undefined> {
    const res = await this.ddb.send(new GetCommand({ TableName: this.tableName, Key: stallScanCursorKey(), ConsistentRead: true }));
    return typeof res.Item?.nextHour === 'string' ? res.Item.nextHour : undefined;
  }

  async advance(nextHour: string, now: Date): Promise<void> {
    // A cursor that is already further (a concurrent or later scan) stays where it is.
    await conditionalWrite(() =>
      this.ddb.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: stallScanCursorKey(),
          UpdateExpression: 'SET nextHour = :h, updatedAt = :now',
          ConditionExpression: 'attribute_not_exists(nextHour) OR nextHour < :h',
          ExpressionAttributeValues: { ':h': nextHour, ':now': now.toISOString() },
        }),
      ),
    );
  }
}
