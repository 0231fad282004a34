import { conditionalWrite } from '../platform/table/conditional-write.ts';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchIndexPk, orderIndexPk, shipmentIndexKeys, shipmentKey, withoutKeys } from '../platform/table/keys.ts';
import { stallEntryFor, stallSlotFor } from './shipment-rules.ts';
import { hydrate } from '../platform/table/index-query.ts';
import type { Shipment, StallSlot } from './shipment-types.ts';

/** A conditional write lost a race: the caller re-reads and recomputes. */
export class ShipmentConflict extends Error {
  override name = 'ShipmentConflict';
  constructor() {
    super('shipment changed concurrently');
  }
}

/** Items one Query page returned and how many DynamoDB read for it (ScannedCount). */
export interface ReadPage<T> {
  items: T[];
  scanned: number;
  next?: Record<string, unknown>;
}

/** The stored item: the record plus its key and index attributes, decided on every write. */
export function shipmentItem(s: Shipment, now: Date): Record<string, unknown> {
  const { stallEntry: _held, ...record } = s;
  return { ...shipmentKey(s.trackingNumber), ...shipmentIndexKeys(s, stallEntryFor(s, now)), entity: 'shipment', ...record };
}

/** The record an item holds, with where its stall-index entry is (gsi3: `STALL#<hour>[#S<nn>]`, `<dueAt>#<tn>`). */
export function shipmentOf(item: Record<string, unknown>): Shipment {
  const s = withoutKeys<Shipment>(item);
  const [pk, sk] = [item.gsi3pk, item.gsi3sk];
  if (typeof pk !== 'string' || typeof sk !== 'string') return s;
  const entry: StallSlot = { hour: pk.split('#')[1]!, dueAt: sk.slice(0, sk.indexOf('#')) };
  return { ...s, stallEntry: entry };
}

/**
 * Shipments: one item per tracking number. Every change is ONE conditional write on the version
 * read before (`v`), so a tracking update costs one read and one write, and concurrent writers
 * (a late `order.shipped`, a courier event, the scanner) never overwrite each other.
 */
export class ShipmentStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(trackingNumber: string): Promise<Shipment | undefined> {
    const res = await this.ddb.send(new GetCommand({ TableName: this.tableName, Key: shipmentKey(trackingNumber), ConsistentRead: true }));
    return res.Item ? shipmentOf(res.Item) : undefined;
  }

  /**
   * Writes `next` if the item is still at `expectedVersion` (undefined: must not exist). For a
   * courier event `newerThan` adds the guard that the stored event is older, so an out-of-order
   * event can never win even against a writer that forgot to read.
   */
  async put(next: Shipment, expectedVersion: number | undefined, now: Date, newerThan?: string): Promise<void> {
    const conditions = [expectedVersion === undefined ? 'attribute_not_exists(pk)' : 'v = :v'];
    const values: Record<string, unknown> = expectedVersion === undefined ? {} : { ':v': expectedVersion };
    if (newerThan) {
      conditions.push('(attribute_not_exists(lastEventAt) OR lastEventAt < :t)');
      values[':t'] = newerThan;
    }
    const write = await conditionalWrite(() =>
      this.ddb.send(
        new PutCommand({
          TableName: this.tableName,
          Item: shipmentItem(next, now),
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
        }),
      ),
    );
    if (!write.ok) throw new ShipmentConflict();
  }

  /**
   * The scanner found the parcel not due where its entry was (a courier scan kept the entry, see
   * `stallEntryFor`): file it where it is due now. Conditional on the version read and bumping it,
   * so a courier write that read the old entry re-reads instead of putting it back. False when
   * the parcel changed meanwhile.
   */
  async refile(s: Shipment, now: Date): Promise<boolean> {
    const keys = shipmentIndexKeys(s, stallSlotFor(s, now));
    const write = await conditionalWrite(() =>
      this.ddb.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: shipmentKey(s.trackingNumber),
          UpdateExpression: keys.gsi3pk ? 'SET gsi3pk = :p, gsi3sk = :s, v = v + :one' : 'SET v = v + :one REMOVE gsi3pk, gsi3sk',
          ConditionExpression: 'v = :v',
          ExpressionAttributeValues: { ':v': s.v, ':one': 1, ...(keys.gsi3pk ? { ':p': keys.gsi3pk, ':s': keys.gsi3sk } : {}) },
        }),
      ),
    );
    return write.ok;
  }

  /**
   * The scanner's last step for a stalled parcel: leave the stall index and remember the episode,
   * only if no newer courier event arrived meanwhile. False when one did (the episode is over).
   */
  async markStalled(trackingNumber: string, episode: string, hasCourierEvent: boolean): Promise<boolean> {
    const write = await conditionalWrite(() =>
      this.ddb.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: shipmentKey(trackingNumber),
          UpdateExpression: 'SET stalledEpisode = :e, v = v + :one REMOVE gsi3pk, gsi3sk',
          ConditionExpression: hasCourierEvent ? 'lastEventAt = :e' : 'attribute_not_exists(lastEventAt) AND shippedAt = :e',
          ExpressionAttributeValues: { ':e': episode, ':one': 1 },
        }),
      ),
    );
    return write.ok;
  }

  /** Recovery is complete: forget the stalled episode (only that one; a newer one stays). */
  async clearStalled(trackingNumber: string, episode: string): Promise<void> {
    // A newer episode (or none) stays as it is.
    await conditionalWrite(() =>
      this.ddb.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: shipmentKey(trackingNumber),
          UpdateExpression: 'SET v = v + :one REMOVE stalledEpisode',
          ConditionExpression: 'stalledEpisode = :e',
          ExpressionAttributeValues: { ':e': episode, ':one': 1 },
        }),
      ),
    );
  }

  /**
   * One page of the shipments due in one partition of an hour bucket (a write shard, see
   * `stallBucketPartitions`): key condition only, so only due items are read.
   */
  async dueInBucket(partition: string, now: Date, startKey?: Record<string, unknown>): Promise<ReadPage<{ trackingNumber: string }>> {
    const res = await this.ddb.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :b AND gsi3sk <= :due',
        // Sort keys are `<dueAt>#<trackingNumber>`: '\uffff' sorts after any tracking number.
        ExpressionAttributeValues: { ':b': partition, ':due': `${now.toISOString()}#\uffff` },
        ExclusiveStartKey: startKey,
      }),
    );
    // Keys-only index: the parcel is named by its key; the scanner re-reads it consistently anyway.
    return { items: (res.Items ?? []).map((i) => ({ trackingNumber: String(i.pk).slice('SHIP#'.length) })), scanned: res.ScannedCount ?? 0, next: res.LastEvaluatedKey };
  }

  /**
   * A logistics complaint is about to be opened for the order by something other than this
   * parcel's courier trouble (a customer's report, a stall report): mark each of the order's
   * parcels first, so none of their routine scans skips it. Idempotent; a parcel deleted meanwhile
   * is left alone.
   */
  async flagLogisticsComplaint(orderId: string, complaintId: string): Promise<void> {
    const parcels = await this.forOrder(orderId);
    await Promise.all(
      parcels
        .filter((s) => s.logisticsComplaintId !== complaintId)
        .map((s) =>
          conditionalWrite(() =>
            this.ddb.send(
              new UpdateCommand({
                TableName: this.tableName,
                Key: shipmentKey(s.trackingNumber),
                UpdateExpression: 'SET logisticsComplaintId = :c, v = v + :one',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':c': complaintId, ':one': 1 },
              }),
            ),
          ),
        ),
    );
  }

  /** The parcels of one order (gsi2): order facts for the complaint engine's tier rules. */
  async forOrder(orderId: string): Promise<Shipment[]> {
    const res = await this.ddb.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :o AND begins_with(gsi2sk, :ship)',
        ExpressionAttributeValues: { ':o': orderIndexPk(orderId), ':ship': 'SHIP#' },
      }),
    );
    return (await hydrate(this.ddb, this.tableName, res.Items ?? [])).map((i) => withoutKeys<Shipment>(i));
  }

  /** Every shipment of a batch: one Query on gsi4 (paged by DynamoDB's 1 MB limit only). */
  async batchMembers(batchId: string): Promise<{ items: Shipment[]; scanned: number }> {
    const items: Shipment[] = [];
    let scanned = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const res = await this.ddb.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi4',
          KeyConditionExpression: 'gsi4pk = :b',
          ExpressionAttributeValues: { ':b': batchIndexPk(batchId) },
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(await hydrate(this.ddb, this.tableName, res.Items ?? [])).map((i) => withoutKeys<Shipment>(i)));
      scanned += res.ScannedCount ?? 0;
      startKey = res.LastEvaluatedKey;
    } while (startKey);
    return { items, scanned };
  }
}
