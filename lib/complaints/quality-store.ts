import { createHash } from 'node:crypto';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { qualityAlertIndexKeys, qualityAlertKey, qualityAlertStatePk, qualityWindowKey, withoutKeys } from '../platform/table/keys.ts';
import { hydrate, queryAll } from '../platform/table/index-query.ts';
import { batchGetConsistent, keyId } from '../platform/table/prefetch.ts';
import { raceBackoff } from '../platform/table/retry-backoff.ts';

/** Contract: repeated problems of one product or batch, fed back to quality control. */
export interface QualityAlert {
  id: string;
  type: 'quality_batch';
  state: 'open' | 'resolved';
  sku?: string;
  batchId?: string;
  category: string;
  count: number;
  windowDays: number;
  complaintIds: string[];
  detectedAt: string;
}

export interface QualityRules {
  threshold: number;
  windowDays: number;
}

export interface QualityWindow {
  members: { id: string; at: string }[];
  alertId?: string;
  v: number;
  /** False: read, no window yet. */
  exists: boolean;
}

export interface QualityTarget {
  kind: 'sku' | 'batch';
  key: string;
  sku?: string;
  batchId?: string;
}

const targetId = (t: Pick<QualityTarget, 'kind' | 'key'>) => `${t.kind}:${t.key}`;
const windowOf = (item: Record<string, unknown> | undefined): QualityWindow =>
  item ? { members: (item.members ?? []) as QualityWindow['members'], alertId: item.alertId as string | undefined, v: Number(item.v ?? 0), exists: true } : { members: [], v: 0, exists: false };

const DAY = 86_400_000;

/**
 * The quality signal. Per SKU (or per product batch when the item names one) a window item holds
 * the recent complaints; the N-th within the window opens ONE alert, and later ones join it
 * (count and complaintIds grow) while they stay within the window of the previous one. Every
 * change is one transaction guarded by the window's version; a complaint already counted is a
 * no-op, so reruns and duplicates change nothing.
 */
export class QualityStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The windows of several targets in one consistent read (taken side by side with the complaint's write). */
  async readWindows(targets: QualityTarget[]): Promise<Map<string, QualityWindow>> {
    const found = await batchGetConsistent(this.ddb, this.tableName, targets.map((t) => qualityWindowKey(t.kind, t.key)));
    return new Map(targets.map((t) => [targetId(t), windowOf(found.get(keyId(qualityWindowKey(t.kind, t.key))))]));
  }

  /** `read`: windows read before (`readWindows`), used by the first attempt; a retry reads again. */
  async record(target: QualityTarget, complaint: { id: string; at: string; category: string }, rules: QualityRules, now: Date, read?: Map<string, QualityWindow | undefined>): Promise<{ opened?: QualityAlert }> {
    const T = this.tableName;
    const wKey = qualityWindowKey(target.kind, target.key);
    for (let attempt = 0; attempt < 8; attempt++) {
      const known = attempt === 0 ? read?.get(targetId(target)) : undefined;
      const w = known ?? windowOf((await this.ddb.send(new GetCommand({ TableName: T, Key: wKey, ConsistentRead: true }))).Item);
      if (w.members.some((m) => m.id === complaint.id)) return {};
      const windowMs = rules.windowDays * DAY;
      const newest = [...w.members.map((m) => m.at), complaint.at].sort().at(-1)!;
      const members = [...w.members, { id: complaint.id, at: complaint.at }].filter((m) => Date.parse(newest) - Date.parse(m.at) <= windowMs).sort((a, b) => (a.at < b.at ? -1 : 1));
      const items: Record<string, unknown>[] = [];
      let opened: QualityAlert | undefined;
      let alertId = w.alertId;
      // The open alert keeps growing while its complaints stay within one window of each other.
      const alertLive = alertId !== undefined && members.length > 1;
      if (alertId && alertLive) {
        items.push({
          Update: {
            TableName: T,
            Key: qualityAlertKey(alertId),
            UpdateExpression: 'ADD #count :one SET complaintIds = list_append(complaintIds, :ids)',
            ExpressionAttributeNames: { '#count': 'count' },
            ExpressionAttributeValues: { ':one': 1, ':ids': [complaint.id] },
          },
        });
      } else if (members.length >= rules.threshold) {
        if (alertId) {
          items.push({ Update: { TableName: T, Key: qualityAlertKey(alertId), UpdateExpression: 'SET #s = :r, gsi1pk = :pk', ExpressionAttributeNames: { '#s': 'state' }, ExpressionAttributeValues: { ':r': 'resolved', ':pk': qualityAlertStatePk('resolved') } } });
        }
        alertId = `QA-${createHash('sha256').update(`${target.kind}\n${target.key}\n${members[0]!.id}`).digest('hex').slice(0, 16)}`;
        opened = { id: alertId, type: 'quality_batch', state: 'open', ...(target.sku ? { sku: target.sku } : {}), ...(target.batchId ? { batchId: target.batchId } : {}), category: complaint.category, count: members.length, windowDays: rules.windowDays, complaintIds: members.map((m) => m.id), detectedAt: now.toISOString() };
        items.push({ Put: { TableName: T, Item: { ...qualityAlertKey(alertId), ...qualityAlertIndexKeys(opened), entity: 'quality-alert', ...opened }, ConditionExpression: 'attribute_not_exists(pk)' } });
      } else if (alertId && !alertLive) {
        // The window ran out: the old alert is resolved; counting starts again.
        items.push({ Update: { TableName: T, Key: qualityAlertKey(alertId), UpdateExpression: 'SET #s = :r, gsi1pk = :pk', ExpressionAttributeNames: { '#s': 'state' }, ExpressionAttributeValues: { ':r': 'resolved', ':pk': qualityAlertStatePk('resolved') } } });
        alertId = undefined;
      }
      items.unshift({
        Put: {
          TableName: T,
          Item: { ...wKey, entity: 'quality-window', members, ...(alertId ? { alertId } : {}), v: w.v + 1 },
          ConditionExpression: w.exists ? 'v = :v' : 'attribute_not_exists(pk)',
          ExpressionAttributeValues: w.exists ? { ':v': w.v } : undefined,
        },
      });
      try {
        await this.ddb.send(new TransactWriteCommand({ TransactItems: items as never }));
        return { opened };
      } catch (err) {
        if (!(err instanceof TransactionCanceledException)) throw err;
        await raceBackoff(attempt);
      }
    }
    throw new Error(`quality window ${target.kind}/${target.key}: too many concurrent updates`);
  }

  async list(state: 'open' | 'resolved'): Promise<QualityAlert[]> {
    const entries = await queryAll(this.ddb, { TableName: this.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': qualityAlertStatePk(state) }, ScanIndexForward: false });
    return (await hydrate(this.ddb, this.tableName, entries)).map((i) => withoutKeys<QualityAlert>(i));
  }

  async get(id: string): Promise<QualityAlert | undefined> {
    const res = await this.ddb.send(new GetCommand({ TableName: this.tableName, Key: qualityAlertKey(id), ConsistentRead: true }));
    return res.Item ? withoutKeys<QualityAlert>(res.Item) : undefined;
  }
}
