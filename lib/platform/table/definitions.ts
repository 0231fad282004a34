/**
 * THE definition of the table and the queues. The local bootstrap (`lib/local/bootstrap.ts`) and
 * the CDK stack (`cdk/`) both read these objects, so the two can never drift apart
 * (`tests/unit/definitions.test.ts` checks they are the same objects).
 *
 * One table, overloaded generic keys (single-table design): every entity writes `pk`/`sk`, and the
 * sparse `gsiNpk`/`gsiNsk` pairs only where that entity must be found another way. Which entity
 * uses which index is written down in `lib/storage/keys.ts`.
 */
export const TTL_ATTRIBUTE = 'expiresAt' as const;

/**
 * What an index copies of each item. Every index write costs units by the size of what it copies,
 * so an index projecting whole items multiplies a complaint write by six. Indexes copy keys (plus
 * the few attributes a listing filters on); readers fetch the full items of a page with one
 * BatchGetItem (`lib/platform/table/index-query.ts` `hydrate`), which at a page of 25–100 costs
 * less than copying every item into every index on every write.
 */
export type IndexProjection = { readonly type: 'KEYS_ONLY' } | { readonly type: 'INCLUDE'; readonly attributes: readonly string[] };

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /** Why the index exists; copied into the README's data model section. */
  readonly purpose: string;
  /** Sized for the queries it serves (see `purpose`): only the attributes their filters read. */
  readonly projection: IndexProjection;
}

export const tableDefinition = {
  /** Default name; deployed stacks and tests pass their own. */
  defaultName: 'aftersales-hub',
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: TTL_ATTRIBUTE,
  indexes: [
    // Key conditions cover every filter of these listings (status+tier in the sort key): keys only.
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', purpose: 'complaints by status (+tier), write-sharded CMP#S<nn>#STATUS#<s>; alerts and quality alerts by state; quarantine list, write-sharded QUARANTINE#S<nn>', projection: { type: 'KEYS_ONLY' } },
    // An order's notifications filter on incident/batch, which never change. Its complaints (a few)
    // are filtered after the page is fetched: projecting `status` would cost an index write on every
    // courier update of the order's parcels and on every complaint status change.
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', purpose: 'everything about one order: complaints, shipments, notifications', projection: { type: 'INCLUDE', attributes: ['incidentId', 'batchId'] } },
    // The stall scan re-reads each due parcel anyway (the index may lag): the key says which.
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', purpose: 'stall index: shipments by due-time bucket, write-sharded STALL#<hour>#S<nn> (sparse; removed when delivered); all complaints, write-sharded CMP#S<nn>#ALL', projection: { type: 'KEYS_ONLY' } },
    // An incident's notifications filter on batch.
    { indexName: 'gsi4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk', purpose: 'batch membership: the orders shipped together; notifications by incident; complaints by tier, write-sharded CMP#S<nn>#TIER#<t>', projection: { type: 'INCLUDE', attributes: ['batchId'] } },
    // A category listing with a tier but no status filters on tier.
    { indexName: 'gsi5', partitionKey: 'gsi5pk', sortKey: 'gsi5sk', purpose: 'complaints by category (+status+tier), write-sharded CMP#S<nn>#CAT#<c>; notifications by batch', projection: { type: 'INCLUDE', attributes: ['tier'] } },
    // The sweep re-reads each due complaint consistently (the index may lag): the key says which and when.
    // An index entry, not an item of its own: DynamoDB writes it after the complaint's transaction at
    // 1 unit, where an item in the transaction costs 2 (and a moved clock 4: delete + put).
    { indexName: 'gsi6', partitionKey: 'gsi6pk', sortKey: 'gsi6sk', purpose: 'complaints by earliest running clock, write-sharded CMPDUE#S<nn> / <dueAt>#<id> (sparse: only while a clock runs)', projection: { type: 'KEYS_ONLY' } },
  ] satisfies IndexDefinition[],
} as const;

export interface QueueDefinition {
  /** Logical id; the physical name is `${prefix}-${id}`. */
  readonly id: 'ingest' | 'notify';
  readonly purpose: string;
  /** Deployed value; ≥ 6× the consumer's timeout as AWS recommends for SQS event sources. */
  readonly visibilityTimeoutSeconds: number;
  /** Receives before a message is parked in the dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly retentionSeconds: number;
  readonly dlqRetentionSeconds: number;
  /** Consumer Lambda timeout; the visibility timeout above is derived from it. */
  readonly consumerTimeoutSeconds: number;
}

const FOURTEEN_DAYS = 14 * 24 * 3600;
const FOUR_DAYS = 4 * 24 * 3600;

export const queueDefinitions = {
  ingest: {
    id: 'ingest',
    purpose: 'verified raw webhook deliveries waiting for the ingest worker',
    consumerTimeoutSeconds: 30,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 5,
    retentionSeconds: FOUR_DAYS,
    dlqRetentionSeconds: FOURTEEN_DAYS,
  },
  notify: {
    id: 'notify',
    purpose: 'proactive customer notifications waiting for the notifier',
    consumerTimeoutSeconds: 30,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 5,
    retentionSeconds: FOUR_DAYS,
    dlqRetentionSeconds: FOURTEEN_DAYS,
  },
} as const satisfies Record<string, QueueDefinition>;

export type QueueId = keyof typeof queueDefinitions;

export const queueName = (prefix: string, id: QueueId) => `${prefix}-${id}`;
export const dlqName = (prefix: string, id: QueueId) => `${prefix}-${id}-dlq`;
