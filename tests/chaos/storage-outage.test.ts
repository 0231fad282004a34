import { afterAll, describe, expect, it } from 'vitest';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { standardSigner } from '../../events/signers/standard.ts';
import { post } from '../helpers/deliveries.ts';
import { eventually, startTestService } from '../helpers/service.ts';
import { tcpSwitch } from './tcp-switch.ts';

/**
 * Issue 18: with DynamoDB unreachable during a stream of deliveries, every delivery received
 * meanwhile used up its receives and was parked in the DLQ. Here: the API on the real DynamoDB,
 * the workers on the same table through a TCP switch that goes dark for longer than the queue's
 * whole retry budget (3 receives, backoff 1 + 2 + 4 s), while deliveries keep arriving.
 */
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const s of stops.reverse()) await s().catch(() => undefined);
});

describe('a storage outage does not empty into the DLQ', () => {
  it('deliveries acked during a DynamoDB outage are all processed after it returns, none in the DLQ', async () => {
    const api = await startTestService({ roles: { api: true, workers: false, scanner: false } });
    stops.push(() => api.stop());
    const link = await tcpSwitch(api.parts.config.DYNAMODB_ENDPOINT!);
    stops.push(() => link.close());
    const workers = await startTestService({
      roles: { api: false, workers: true, scanner: false },
      env: { TABLE_NAME: api.parts.tableName, DYNAMODB_ENDPOINT: link.url },
    });
    stops.push(() => workers.stop());

    const ids: string[] = [];
    const deliver = async (i: number) => {
      const body = { type: 'complaint.reported', timestamp: '2026-11-20T10:00:00Z', data: { orderId: `OUT-${i}`, channel: 'chat', category: 'service', text: `outage test ${i}` } };
      const res = await post(api.url, 'standard', standardSigner.sign(Buffer.from(JSON.stringify(body)), { deliveryId: `outage-${i}` }));
      expect(res.status, res.body).toBe(200);
      ids.push(`outage-${i}`);
    };
    const processed = async () => (await Promise.all(ids.map((id) => api.parts.rawEvents.get('standard', id)))).filter((r) => r?.state === 'done').length;

    // Before: the stream flows.
    for (let i = 0; i < 10; i++) await deliver(i);
    await eventually(async () => (await processed()) === 10, 'first deliveries processed', 30_000);

    // Outage: storage goes dark while 40 more deliveries arrive. It lasts 12 s on purpose: the
    // scenario is "longer than 1 + 2 + 4 s of receives", a duration, not a condition to wait for.
    await link.off();
    const outageStarted = Date.now();
    for (let i = 10; i < 50; i++) {
      await deliver(i);
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, Math.max(0, 12_000 - (Date.now() - outageStarted))));
    expect(await processed()).toBe(10); // really nothing got through meanwhile

    // After: storage is back, more deliveries arrive; everything is processed, the DLQ is empty.
    await link.on();
    for (let i = 50; i < 60; i++) await deliver(i);
    await eventually(async () => (await processed()) === 60, 'every delivery processed after the outage', 60_000);
    const dlq = await api.parts.clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: api.queueUrls.ingestDlq, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    expect(Number(dlq.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(dlq.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)).toBe(0);
  }, 120_000);
});
