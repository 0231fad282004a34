import { Hono } from 'hono';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { Runtime } from '../runtime.ts';

/** `{"ok":true}` only when the table and every queue answer; 503 with what failed otherwise. */
export function healthRoutes(rt: Runtime) {
  const app = new Hono();
  app.get('/health', async (c) => {
    const checks = await Promise.allSettled([
      rt.clients.dynamo.send(new DescribeTableCommand({ TableName: rt.tableName }), { abortSignal: AbortSignal.timeout(2000) }),
      ...Object.values(rt.queueUrls).map((QueueUrl) =>
        rt.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }), { abortSignal: AbortSignal.timeout(2000) }),
      ),
    ]);
    const failed = checks.filter((r) => r.status === 'rejected').length;
    return failed === 0 ? c.json({ ok: true }) : c.json({ ok: false, failing: failed }, 503);
  });
  return app;
}
