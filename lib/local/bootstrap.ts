import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, SetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { dlqName, queueDefinitions, queueName, tableDefinition, type QueueId } from '../platform/table/definitions.ts';

/**
 * Creates the table and the queues from the shared definitions (`lib/storage/definitions.ts`).
 * Idempotent: run it against an existing stack and it only fills what is missing.
 */
export async function ensureTable(dynamo: DynamoDBClient, tableName: string): Promise<void> {
  const keyNames = new Set<string>([tableDefinition.partitionKey, tableDefinition.sortKey]);
  for (const ix of tableDefinition.indexes) keyNames.add(ix.partitionKey).add(ix.sortKey);
  try {
    await dynamo.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...keyNames].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: tableDefinition.indexes.map(indexSpec),
      }),
    );
    await dynamo.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: tableDefinition.ttlAttribute, Enabled: true },
      }),
    );
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
  await addMissingIndexes(dynamo, tableName);
}

const indexSpec = (ix: (typeof tableDefinition.indexes)[number]) => ({
  IndexName: ix.indexName,
  KeySchema: [
    { AttributeName: ix.partitionKey, KeyType: 'HASH' as const },
    { AttributeName: ix.sortKey, KeyType: 'RANGE' as const },
  ],
  Projection: ix.projection.type === 'INCLUDE' ? { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...ix.projection.attributes] } : { ProjectionType: 'KEYS_ONLY' as const },
});

/**
 * A table kept by an earlier release (`npm start`'s data directory) gets the indexes added since,
 * one at a time as DynamoDB allows, each awaited until active: so a new release's queries find
 * their index. (Deployed, CloudFormation adds them from the stack.)
 */
async function addMissingIndexes(dynamo: DynamoDBClient, tableName: string): Promise<void> {
  const describe = async () => (await dynamo.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  const existing = new Set((await describe())?.GlobalSecondaryIndexes?.map((g) => g.IndexName));
  for (const ix of tableDefinition.indexes.filter((i) => !existing.has(i.indexName))) {
    await dynamo.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [ix.partitionKey, ix.sortKey].map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
        GlobalSecondaryIndexUpdates: [{ Create: indexSpec(ix) }],
      }),
    );
    // The backfill reads every item of the table: a large kept table takes a while.
    const deadline = Date.now() + 300_000;
    while ((await describe())?.GlobalSecondaryIndexes?.find((g) => g.IndexName === ix.indexName)?.IndexStatus !== 'ACTIVE') {
      if (Date.now() > deadline) throw new Error(`index ${ix.indexName} of table ${tableName} is still being built after 5 minutes; start again to keep waiting`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export type QueueUrls = Record<QueueId, string> & { ingestDlq: string; notifyDlq: string };

export interface QueueOverrides {
  /** Locally shorter than deployed so crash tests do not wait minutes. */
  visibilityTimeoutSeconds?: number;
  maxReceiveCount?: number;
}

/**
 * What each client last ensured, so the queues can be recreated exactly as they were when the
 * emulator restarts and forgets them (`recreateQueues`, used by `resilience.ts`).
 */
const ensured = new WeakMap<SQSClient, { prefix: string; overrides: QueueOverrides }>();

export async function ensureQueues(sqs: SQSClient, prefix: string, overrides: QueueOverrides = {}): Promise<QueueUrls> {
  ensured.set(sqs, { prefix, overrides });
  const urls: Partial<QueueUrls> = {};
  for (const def of Object.values(queueDefinitions)) {
    const dlq = await sqs.send(
      new CreateQueueCommand({
        QueueName: dlqName(prefix, def.id),
        Attributes: { MessageRetentionPeriod: String(def.dlqRetentionSeconds) },
      }),
    );
    const dlqArn = (
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl!, AttributeNames: ['QueueArn'] }))
    ).Attributes?.QueueArn;
    const attributes = {
      VisibilityTimeout: String(overrides.visibilityTimeoutSeconds ?? def.visibilityTimeoutSeconds),
      MessageRetentionPeriod: String(def.retentionSeconds),
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: overrides.maxReceiveCount ?? def.maxReceiveCount }),
    };
    urls[def.id] = await createOrUpdate(sqs, queueName(prefix, def.id), attributes);
    urls[`${def.id}Dlq`] = dlq.QueueUrl!;
  }
  return urls as QueueUrls;
}

/** Another process (or an earlier run) may have created the queue with other settings: adopt it. */
async function createOrUpdate(sqs: SQSClient, name: string, attributes: Record<string, string>): Promise<string> {
  try {
    return (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl!;
  } catch (err) {
    if (!/QueueNameExists|QueueAlreadyExists/.test(String((err as { name?: string; Code?: string }).Code ?? (err as Error).name))) throw err;
    const url = (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: attributes }));
    return url;
  }
}

/** Runs `ensureQueues` again with the arguments this client last used; undefined if it never did. */
export async function recreateQueues(sqs: SQSClient): Promise<QueueUrls | undefined> {
  const last = ensured.get(sqs);
  return last ? ensureQueues(sqs, last.prefix, last.overrides) : undefined;
}

/** A DescribeTable that gives up quickly: the outage breaker's question "does storage answer?". */
export function storageProbe(dynamo: DynamoDBClient, tableName: string): () => Promise<unknown> {
  return () => dynamo.send(new DescribeTableCommand({ TableName: tableName }), { abortSignal: AbortSignal.timeout(2000) });
}
