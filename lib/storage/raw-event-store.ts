import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IngestMessage } from '../intake/ingest-message.ts';
import { QUARANTINE_INDEX_PK, rawEventKey } from './keys.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

export type RawEventState = 'pending' | 'processing' | 'done' | 'quarantined';

export interface RawEventRecord extends Omit<IngestMessage, 'v' | 'rawStoredInTable'> {
  state: RawEventState;
  quarantineId?: string;
  attempts?: number;
  replayedAt?: string;
}

export type ClaimResult = { kind: 'claimed'; record: RawEventRecord } | { kind: 'duplicate' } | { kind: 'busy' };

/** Quarantine ids are opaque and URL-safe: base64url of `provider:deliveryId`. */
export const quarantineId = (provider: string, deliveryId: string) => Buffer.from(`${provider}:${deliveryId}`).toString('base64url');
export function parseQuarantineId(id: string): { provider: string; deliveryId: string } | undefined {
  const text = Buffer.from(id, 'base64url').toString('utf8');
  const i = text.indexOf(':');
  return i > 0 ? { provider: text.slice(0, i), deliveryId: text.slice(i + 1) } : undefined;
}

/**
 * Raw events: the audit copy of every verified delivery and, through its key, the dedup record.
 * The claim is ONE conditional write (the Powertools idempotency pattern): whoever creates or takes
 * over the item processes it; a finished item answers "duplicate" for as long as it is kept (TTL).
 *
 *   deliver #1 ──claim(ok)──▶ processing ──domain──▶ done
 *   deliver #2 ────────────claim(fails, old.state=processing, lock live)──▶ busy → retried later
 *   deliver #2 (retry) ────claim(fails, old.state=done)──▶ duplicate → dropped
 *   worker crash ──────────lock expires──▶ next claim takes over (domain writes are idempotent)
 */
export class RawEventStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly opts: { ttlDays: number; lockSeconds: number },
  ) {}

  private expiresAt(receivedAt: string) {
    return Math.floor(new Date(receivedAt).getTime() / 1000 + this.opts.ttlDays * 86400);
  }

  /** Claim check for oversized deliveries: written on the ack path, completed by the worker. */
  async putPending(msg: IngestMessage): Promise<void> {
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...rawEventKey(msg.provider, msg.deliveryId), ...this.recordOf(msg), state: 'pending', expiresAt: this.expiresAt(msg.receivedAt) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
  }

  async claim(msg: IngestMessage, now: Date, replay = false): Promise<ClaimResult> {
    const nowS = Math.floor(now.getTime() / 1000);
    const record = this.recordOf(msg);
    const fromMessage = msg.rawStoredInTable ? {} : record;
    const names: Record<string, string> = { '#state': 'state' };
    const values: Record<string, unknown> = { ':processing': 'processing', ':lock': nowS + this.opts.lockSeconds, ':now': nowS, ':one': 1 };
    const sets = ['#state = :processing', 'lockUntil = :lock', 'attempts = if_not_exists(attempts, :zero) + :one'];
    values[':zero'] = 0;
    let i = 0;
    for (const [k, v] of Object.entries({ ...fromMessage, outcome: msg.outcome, quarantineReason: msg.quarantineReason, events: msg.events, sourceEventType: msg.sourceEventType })) {
      if (v === undefined) continue;
      names[`#f${i}`] = k;
      values[`:f${i}`] = v;
      sets.push(`#f${i} = :f${i}`);
      i++;
    }
    if (!replay) {
      values[':ttl'] = this.expiresAt(msg.receivedAt);
      sets.push('expiresAt = if_not_exists(expiresAt, :ttl)');
    }
    const takeOver = '(#state = :processing AND lockUntil < :now)';
    if (replay) values[':quarantined'] = 'quarantined';
    else values[':pending'] = 'pending';
    const condition = replay
      ? `#state = :quarantined OR ${takeOver}`
      : `attribute_not_exists(pk) OR #state = :pending OR ${takeOver}`;
    try {
      const res = await this.ddb.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: rawEventKey(msg.provider, msg.deliveryId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { kind: 'claimed', record: res.Attributes as RawEventRecord };
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      const old = err.Item as { state?: { S?: string } } | undefined;
      const state = old?.state?.S;
      if (state === 'done' || state === 'quarantined') return { kind: 'duplicate' };
      return { kind: 'busy' };
    }
  }

  /** Lets a failed attempt be retried at once instead of waiting for the lock to expire. */
  async release(provider: string, deliveryId: string): Promise<void> {
    await this.ddb.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: rawEventKey(provider, deliveryId),
        UpdateExpression: 'SET lockUntil = :zero',
        ConditionExpression: '#state = :processing',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':zero': 0, ':processing': 'processing' },
      }),
    ).catch(() => undefined);
  }

  async complete(provider: string, deliveryId: string, outcome: 'done' | 'quarantined', receivedAt: string): Promise<void> {
    const quarantined = outcome === 'quarantined';
    await this.ddb.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: rawEventKey(provider, deliveryId),
        // Quarantined events lose their TTL: they wait for a fixed adapter and a replay, never dropped silently.
        UpdateExpression: quarantined
          ? 'SET #state = :s, gsi1pk = :q, gsi1sk = :qs REMOVE lockUntil, expiresAt'
          : 'SET #state = :s, processedAt = :at, expiresAt = if_not_exists(expiresAt, :ttl) REMOVE lockUntil, gsi1pk, gsi1sk',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: quarantined
          ? { ':s': 'quarantined', ':q': QUARANTINE_INDEX_PK, ':qs': `${receivedAt}#${provider}#${deliveryId}` }
          : { ':s': 'done', ':at': new Date().toISOString(), ':ttl': this.expiresAt(receivedAt) },
      }),
    );
  }

  async get(provider: string, deliveryId: string): Promise<RawEventRecord | undefined> {
    const res = await this.ddb.send(new GetCommand({ TableName: this.tableName, Key: rawEventKey(provider, deliveryId), ConsistentRead: true }));
    return res.Item as RawEventRecord | undefined;
  }

  async listQuarantine(limit: number, cursor?: string): Promise<{ items: RawEventRecord[]; nextCursor?: string }> {
    const res = await this.ddb.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :q',
        ExpressionAttributeValues: { ':q': QUARANTINE_INDEX_PK },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    return { items: (res.Items ?? []) as RawEventRecord[], nextCursor: encodeCursor(res.LastEvaluatedKey) };
  }

  private recordOf(msg: IngestMessage) {
    const { v: _v, rawStoredInTable: _r, ...rest } = msg;
    return rest;
  }
}
