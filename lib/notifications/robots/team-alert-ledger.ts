import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TTL_ATTRIBUTE } from '../../platform/table/definitions.ts';
import type { TeamAlertLedger } from './team-alert-delivery.ts';

/**
 * The team-alert ledger in the service table: one small item per (alert, robot) that went out,
 * expiring after `ttlDays` (longer than any queue retention, so a redelivery always finds it).
 * Key layout kept here until lib/platform/table/keys.ts takes it: pk `TEAMALERT#<dedup key>`, sk `SENT`.
 */
export class DynamoTeamAlertLedger implements TeamAlertLedger {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly ttlDays = 30,
  ) {}

  private key(k: string) {
    return { pk: `TEAMALERT#${k}`, sk: 'SENT' };
  }

  async wasSent(k: string): Promise<boolean> {
    const res = await this.ddb.send(new GetCommand({ TableName: this.tableName, Key: this.key(k), ConsistentRead: true }));
    return res.Item !== undefined;
  }

  async markSent(k: string, at: Date): Promise<void> {
    await this.ddb.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...this.key(k), entity: 'team_alert_sent', sentAt: at.toISOString(), [TTL_ATTRIBUTE]: Math.floor(at.getTime() / 1000) + this.ttlDays * 86400 },
      }),
    );
  }
}
