import { Hono } from 'hono';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** Each check resolves when its dependency answers. */
export type HealthProbe = () => Promise<PromiseSettledResult<unknown>[]>;

/**
 * The dependencies this process uses, each asked once with a short deadline. The public webhook
 * function checks only its queue (`queueProbe`): it holds no right to describe (or read) the table,
 * and so it does not bundle DescribeTable's schema either.
 */
export function dependencyProbe(o: { table?: { dynamo: DynamoDBClient; tableName: string }; sqs?: SQSClient; queueUrls: readonly string[] }): HealthProbe {
  return () =>
    Promise.allSettled([
      ...(o.table ? [o.table.dynamo.send(new DescribeTableCommand({ TableName: o.table.tableName }), { abortSignal: AbortSignal.timeout(2000) })] : []),
      ...queueChecks(o.sqs, o.queueUrls),
    ]);
}

/** Only queues (GetQueueAttributes on each). */
export function queueProbe(o: { sqs: SQSClient; queueUrls: readonly string[] }): HealthProbe {
  return () => Promise.allSettled(queueChecks(o.sqs, o.queueUrls));
}

const queueChecks = (sqs: SQSClient | undefined, queueUrls: readonly string[]) =>
  queueUrls.map((QueueUrl) => sqs!.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }), { abortSignal: AbortSignal.timeout(2000) }));

/** `{"ok":true}` only when every dependency answers; 503 with how many failed otherwise. */
export function healthRoutes(probe: HealthProbe) {
  const app = new Hono();
  app.get('/health', async (c) => {
    const failed = (await probe()).filter((r) => r.status === 'rejected').length;
    return failed === 0 ? c.json({ ok: true }) : c.json({ ok: false, failing: failed }, 503);
  });
  return app;
}
