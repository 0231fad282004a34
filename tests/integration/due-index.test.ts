import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ComplaintService } from '../../lib/complaints/complaint-service.ts';
import { ComplaintStore } from '../../lib/complaints/complaint-store.ts';
import { ensureTable } from '../../lib/local/bootstrap.ts';
import { startDynamoDbLocal } from '../../lib/local/dynamodb-local.ts';
import { tableDefinition } from '../../lib/platform/table/definitions.ts';
import { complaintDueKey, complaintDuePk, complaintKey, complaintShard } from '../../lib/platform/table/keys.ts';
import { config, requested } from '../helpers/factories.ts';
import { startTestService } from '../helpers/service.ts';

let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => svc?.stop());

const T0 = '2026-11-20T10:00:00.000Z';

function engineAt(clock: { now: Date }) {
  const store = new ComplaintStore(svc.parts.clients.ddb, svc.parts.tableName);
  return { store, engine: new ComplaintService({ store, config, now: () => clock.now, logger: svc.parts.logger }) };
}

/** The base-table due items under a complaint's shard (what releases before session 26 wrote). */
async function dueItems(id: string) {
  const res = await svc.parts.clients.ddb.send(new QueryCommand({ TableName: svc.parts.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': complaintDuePk(complaintShard(id)) }, ConsistentRead: true }));
  return (res.Items ?? []).filter((i) => i.id === id).map((i) => String(i.dueAt));
}

describe('the SLA due index on DynamoDB Local', () => {
  it('a running clock is an index entry of its complaint, not an item of its own; items of the earlier layout are swept and drained', async () => {
    // Prepare: three complaints at T0 with their first-response clocks running
    const clock = { now: new Date(T0) };
    const { store, engine } = engineAt(clock);
    const opened = async (k: string) => {
      await engine.applyEvents([requested({ orderId: `O-DUE-${k}`, requestId: 'R' }, { id: `due-${k}`, at: T0 })]);
      return (await store.forOrder(`O-DUE-${k}`))[0]!;
    };
    const [a, b, c] = [await opened('A'), await opened('B'), await opened('C')];
    for (const x of [a, b, c]) {
      expect(x.dueAt).toBeTruthy();
      expect(await dueItems(x.id)).toEqual([]);
    }
    // … then the layout before session 26: B without its index entry but with a due item; a due
    // item for C at a time its record no longer has (orphaned); one for A repeating its index entry
    await svc.parts.clients.ddb.send(new UpdateCommand({ TableName: svc.parts.tableName, Key: complaintKey(b.id), UpdateExpression: 'REMOVE gsi6pk, gsi6sk' }));
    const legacy = (id: string, dueAt: string) => svc.parts.clients.ddb.send(new PutCommand({ TableName: svc.parts.tableName, Item: { ...complaintDueKey(id, dueAt), entity: 'complaint-due', id, dueAt } }));
    await Promise.all([legacy(b.id, b.dueAt!), legacy(c.id, '2026-11-20T09:00:00.000Z'), legacy(a.id, a.dueAt!)]);

    // Act: sweep when every first-response clock has run out, then once more
    clock.now = new Date(Date.parse(T0) + 2 * 86_400_000);
    const first = await engine.checkSlas();
    const second = await engine.checkSlas();

    // Assess: each complaint breached once (B found through its old item), no earlier-layout item left
    expect(first.filter((x) => [a.id, b.id, c.id].includes(x.complaintId) && x.clock === 'first_response').map((x) => x.complaintId).sort()).toEqual([a.id, b.id, c.id].sort());
    expect(second.filter((x) => [a.id, b.id, c.id].includes(x.complaintId) && x.clock === 'first_response')).toEqual([]);
    for (const x of [a, b, c]) expect(await dueItems(x.id)).toEqual([]);
    // and the records' index entries follow their next clocks
    for (const x of [a, b, c]) {
      const now = (await store.get(x.id))!;
      expect(now.sla.breached).toBe(true);
      expect(now.dueAt).not.toBe(x.dueAt);
      expect((await store.due(new Date(Date.parse(now.dueAt!) + 1))).some((e) => e.id === x.id && e.dueAt === now.dueAt && !e.legacy)).toBe(true);
    }
  });

  it('a table kept by an earlier release gets the indexes added since', async () => {
    // Prepare: a DynamoDB Local of its own (a shared one busy with other suites leaves a new index
    // CREATING for over a minute), and a table with every index but the last, as an older release created it
    const local = await startDynamoDbLocal();
    onTestFinished(() => local.stop());
    const dynamo = new DynamoDBClient({ endpoint: local.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const name = 'due-index-upgrade';
    const older = tableDefinition.indexes.slice(0, -1);
    const keys = new Set<string>(['pk', 'sk', ...older.flatMap((ix) => [ix.partitionKey, ix.sortKey])]);
    await dynamo.send(new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...keys].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      GlobalSecondaryIndexes: older.map((ix) => ({ IndexName: ix.indexName, KeySchema: [{ AttributeName: ix.partitionKey, KeyType: 'HASH' }, { AttributeName: ix.sortKey, KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } })),
    }));
    // Act
    await ensureTable(dynamo, name);
    // Assess: every defined index is there and active
    const t = (await dynamo.send(new DescribeTableCommand({ TableName: name }))).Table!;
    expect(t.GlobalSecondaryIndexes!.map((g) => [g.IndexName, g.IndexStatus]).sort()).toEqual(tableDefinition.indexes.map((ix) => [ix.indexName, 'ACTIVE']).sort());
  });
});
