import { createHash } from 'node:crypto';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { writeTogether } from '../platform/table/conditional-write.ts';
import { qualityAlertIndexKeys, qualityAlertKey, qualityAlertStatePk, qualityWindowKey, withoutKeys } from '../platform/table/keys.ts';
import { hydrate, queryAll } from '../platform/table/index-query.ts';
import { batchGetConsistent, keyId } from '../platform/table/prefetch.ts';
import { raceBackoff } from '../platform/table/retry-backoff.ts';
import { ALERT_LISTED_IDS, stepWindow, type Member, type WindowState } from './domain/quality-window.ts';

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
  /** The first 100 complaints of the alert (`count` is all of them). */
  complaintIds: string[];
  detectedAt: string;
}

export interface QualityRules {
  threshold: number;
  windowDays: number;
}

export interface QualityWindow extends WindowState {
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

/** The alert the N-th complaint opens: its id from the target and its first member, so a rerun opens the same one. */
export function openedAlert(target: QualityTarget, category: string, members: Member[], rules: QualityRules, now: Date): QualityAlert {
  const id = `QA-${createHash('sha256').update(`${target.kind}\n${target.key}\n${members[0]!.id}`).digest('hex').slice(0, 16)}`;
  return { id, type: 'quality_batch', state: 'open', ...(target.sku ? { sku: target.sku } : {}), ...(target.batchId ? { batchId: target.batchId } : {}), category, count: members.length, windowDays: rules.windowDays, complaintIds: members.map((m) => m.id).slice(0, ALERT_LISTED_IDS), detectedAt: now.toISOString() };
}

const targetId = (t: Pick<QualityTarget, 'kind' | 'key'>) => `${t.kind}:${t.key}`;
const windowOf = (item: Record<string, unknown> | undefined): QualityWindow =>
  item ? { members: (item.members ?? []) as QualityWindow['members'], alertId: item.alertId as string | undefined, alertListed: item.alertListed as number | undefined, v: Number(item.v ?? 0), exists: true } : { members: [], v: 0, exists: false };

/**
 * The quality signal. Per SKU (or per product batch when the item names one) a window item holds
 * the recent complaints; the rule (domain/quality-window.ts) opens ONE alert at the N-th within
 * the window, and later ones join it (count grows, the first 100 are listed) while they stay
 * within the window of the previous one. Every change is one write guarded by the window's version
 * (a transaction when an alert changes with it); a complaint already counted is a no-op, so reruns
 * and duplicates change nothing.
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
      const step = stepWindow(w, { id: complaint.id, at: complaint.at }, rules);
      if (step.kind === 'counted') return {};
      const members = step.members;
      const items: Record<string, unknown>[] = [];
      let opened: QualityAlert | undefined;
      let alertId = w.alertId;
      let alertListed = w.alertListed;
      const resolve = (id: string) => ({ Update: { TableName: T, Key: qualityAlertKey(id), UpdateExpression: 'SET #s = :r, gsi1pk = :pk', ExpressionAttributeNames: { '#s': 'state' }, ExpressionAttributeValues: { ':r': 'resolved', ':pk': qualityAlertStatePk('resolved') } } });
      if (step.kind === 'join') {
        // The count stays exact; the list stops at ALERT_LISTED_IDS so the alert item stays small.
        items.push({
          Update: {
            TableName: T,
            Key: qualityAlertKey(alertId!),
            UpdateExpression: step.listId ? 'ADD #count :one SET complaintIds = list_append(complaintIds, :ids)' : 'ADD #count :one',
            ExpressionAttributeNames: { '#count': 'count' },
            ExpressionAttributeValues: { ':one': 1, ...(step.listId ? { ':ids': [complaint.id] } : {}) },
          },
        });
        if (step.listId) alertListed = (alertListed ?? 0) + 1;
      } else if (step.kind === 'open') {
        if (step.resolve) items.push(resolve(step.resolve));
        opened = openedAlert(target, complaint.category, members, rules, now);
        alertId = opened.id;
        alertListed = opened.complaintIds.length;
        items.push({ Put: { TableName: T, Item: { ...qualityAlertKey(alertId), ...qualityAlertIndexKeys(opened), entity: 'quality-alert', ...opened }, ConditionExpression: 'attribute_not_exists(pk)' } });
      } else if (step.kind === 'resolve') {
        // The window ran out: the old alert is resolved; counting starts again.
        items.push(resolve(step.resolve));
        alertId = undefined;
        alertListed = undefined;
      }
      items.unshift({
        Put: {
          TableName: T,
          Item: { ...wKey, entity: 'quality-window', members, ...(alertId ? { alertId, ...(alertListed !== undefined ? { alertListed } : {}) } : {}), v: w.v + 1 },
          ConditionExpression: w.exists ? 'v = :v' : 'attribute_not_exists(pk)',
          ExpressionAttributeValues: w.exists ? { ':v': w.v } : undefined,
        },
      });
      // The window alone (most complaints: no alert opens, joins or ends) goes as one conditional
      // put (writeTogether); a lost race, either way, reads the window again.
      if ((await writeTogether(this.ddb, items)).ok) return { opened };
      await raceBackoff(attempt);
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
