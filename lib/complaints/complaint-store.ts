import { conditionalWrite } from '../platform/table/conditional-write.ts';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ComplaintChangedError } from './errors.ts';
import type { Complaint } from './domain/complaint-types.ts';
import { collectPages, queryIndex, type IndexPage } from '../platform/table/index-query.ts';
import { complaintIndexKeys, complaintKey, counterKey, orderIndexPk, withoutKeys } from '../platform/table/keys.ts';

export interface ComplaintFilter {
  orderId?: string;
  status?: string;
  tier?: string;
  category?: string;
}

export type ComplaintPage = IndexPage<Complaint>;

/**
 * Complaints, one item each, timeline included, so GET is one read and every change is ONE
 * conditional write guarded by `version` (optimistic concurrency: a lost race re-reads and
 * re-applies, nothing is overwritten).
 */
export class ComplaintStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<Complaint | undefined> {
    const res = await this.ddb.send(new GetCommand({ TableName: this.tableName, Key: complaintKey(id), ConsistentRead: true }));
    return res.Item ? withoutKeys<Complaint>(res.Item) : undefined;
  }

  /** Writes `next`; `expectedVersion` undefined means "must not exist yet". */
  async save(next: Complaint, expectedVersion: number | undefined): Promise<void> {
    const write = await conditionalWrite(() =>
      this.ddb.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...complaintKey(next.id), ...complaintIndexKeys(next), entity: 'complaint', ...next },
          ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(pk)' : 'version = :v',
          ExpressionAttributeValues: expectedVersion === undefined ? undefined : { ':v': expectedVersion },
        }),
      ),
    );
    if (!write.ok) throw new ComplaintChangedError();
  }

  /**
   * Picks the index that makes the listing read only matching items:
   * order → gsi2; category (+status+tier) → gsi5; status (+tier) → gsi1; tier → gsi4; nothing → gsi3.
   * Remaining filters (rare combinations) apply as filter expressions on that narrowed set.
   */
  async list(f: ComplaintFilter, limit: number, cursor?: string): Promise<ComplaintPage> {
    const q = chooseIndex(f);
    const equals = Object.fromEntries((['orderId', 'status', 'tier', 'category'] as const).filter((k) => !q.covers.includes(k)).map((k) => [k, f[k]]));
    return queryIndex<Complaint>(this.ddb, this.tableName, { index: q.index, pk: q.pk, prefix: q.prefix, equals, limit, cursor, newestFirst: true });
  }

  /** Every complaint matching `f` (an order's few, or all for stats), one paginated Query. */
  async listAll(f: ComplaintFilter): Promise<Complaint[]> {
    return collectPages((cursor) => this.list(f, 200, cursor));
  }

  /** Every complaint of an order (one Query on gsi2). */
  async forOrder(orderId: string): Promise<Complaint[]> {
    return this.listAll({ orderId });
  }

  /** Atomic counter (round-robin owner, claims per customer). Returns the value after adding. */
  async increment(name: string): Promise<number> {
    const res = await this.ddb.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: counterKey(name),
        UpdateExpression: 'ADD #n :one',
        ExpressionAttributeNames: { '#n': 'n' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(res.Attributes?.n ?? 1);
  }

  async counter(name: string): Promise<number> {
    const res = await this.ddb.send(new GetCommand({ TableName: this.tableName, Key: counterKey(name) }));
    return Number(res.Item?.n ?? 0);
  }
}

function chooseIndex(f: ComplaintFilter): { index: string; pk: string; prefix?: string; covers: string[] } {
  if (f.orderId) return { index: 'gsi2', pk: orderIndexPk(f.orderId), prefix: 'CMP#', covers: ['orderId'] };
  if (f.category) {
    const prefix = f.status ? (f.tier ? `${f.status}#${f.tier}#` : `${f.status}#`) : undefined;
    return { index: 'gsi5', pk: `CMP#CAT#${f.category}`, prefix, covers: ['category', ...(f.status ? ['status'] : []), ...(f.status && f.tier ? ['tier'] : [])] };
  }
  if (f.status) return { index: 'gsi1', pk: `CMP#STATUS#${f.status}`, prefix: f.tier ? `${f.tier}#` : undefined, covers: ['status', ...(f.tier ? ['tier'] : [])] };
  if (f.tier) return { index: 'gsi4', pk: `CMP#TIER#${f.tier}`, covers: ['tier'] };
  return { index: 'gsi3', pk: 'CMP#ALL', covers: [] };
}
