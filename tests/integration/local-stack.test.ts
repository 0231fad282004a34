import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { createAwsClients } from '../../lib/platform/aws-clients.ts';
import { ensureQueues, ensureTable } from '../../lib/local/bootstrap.ts';
import { eventually, startTestService, uniqueName } from '../helpers/service.ts';

const clients = () => createAwsClients({ AWS_REGION: 'us-east-1', DYNAMODB_ENDPOINT: inject('dynamoEndpoint'), SQS_ENDPOINT: inject('sqsEndpoint') });

describe('embedded stack', () => {
  it('DynamoDB Local enforces a conditional write: the second identical put fails', async () => {
    // Prepare
    const { dynamo, ddb } = clients();
    const table = uniqueName('ddb');
    await ensureTable(dynamo, table);
    await ensureTable(dynamo, table); // idempotent
    const put = () => ddb.send(new PutCommand({ TableName: table, Item: { pk: 'K', sk: 'S' }, ConditionExpression: 'attribute_not_exists(pk)' }));
    // Act + Assess
    await expect(put()).resolves.toBeDefined();
    await expect(put()).rejects.toBeInstanceOf(ConditionalCheckFailedException);
  });

  it('fauxqs moves a message to the dead-letter queue after maxReceiveCount receives', async () => {
    // Prepare
    const { sqs } = clients();
    const q = await ensureQueues(sqs, uniqueName('sqs'), { visibilityTimeoutSeconds: 1, maxReceiveCount: 2 });
    await sqs.send(new SendMessageCommand({ QueueUrl: q.ingest, MessageBody: 'poison' }));
    // Act: receive and never delete, as a crashing consumer would
    let receives = 0;
    const dlq = await eventually(async () => {
      const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: q.ingest, WaitTimeSeconds: 1, MaxNumberOfMessages: 1 }));
      receives += r.Messages?.length ?? 0;
      const d = await sqs.send(new ReceiveMessageCommand({ QueueUrl: q.ingestDlq, WaitTimeSeconds: 0 }));
      return d.Messages?.length ? d.Messages : undefined;
    }, 'message in DLQ');
    // Assess
    expect(receives).toBe(2);
    expect(dlq[0]!.Body).toBe('poison');
  });

  it('GET /health answers {"ok":true} when table and queues answer, 503 when the table is gone', async () => {
    const svc = await startTestService();
    try {
      const res = await fetch(`${svc.url}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true });
      const { DeleteTableCommand } = await import('@aws-sdk/client-dynamodb');
      await svc.parts.clients.dynamo.send(new DeleteTableCommand({ TableName: svc.parts.tableName }));
      const down = await fetch(`${svc.url}/health`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ ok: false });
    } finally {
      await svc.stop();
    }
  });
});
