import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { loadSamples } from '../../events/samples.ts';
import { providers } from '../../lib/intake/providers/index.ts';
import { countingHandler, post, signSample } from '../helpers/deliveries.ts';
import { eventually, startTestService } from '../helpers/service.ts';
import { deliveryStorm } from '../helpers/scale-scenarios.ts';

const counter = countingHandler();
let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  // Workers off at first: the 503 test must see the queue exactly as the ack path left it.
  svc = await startTestService({ wrapHandleEvents: counter.wrap });
});
afterAll(async () => svc?.stop());

describe('intake reliability', () => {
  it('answers 503 and stores nothing when the queue is unavailable; accepts again once it is back', async () => {
    // Prepare: the SQS client fails every call, as when the endpoint refuses connections
    let down = true;
    svc.parts.clients.sqs.middlewareStack.add(
      (next) => async (args) => {
        if (down) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1'), { code: 'ECONNREFUSED' });
        return next(args);
      },
      { step: 'initialize', name: 'faultInjection' },
    );
    const sample = loadSamples('standard')[0]!;
    const d = signSample(sample, { deliveryId: 'msg_fault_1' });
    // Act
    const res = await post(svc.url, 'standard', d);
    // Assess: 503, a clear body, and no trace of the event anywhere
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'storage_unavailable' } });
    expect(res.body).not.toContain('ECONNREFUSED');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await svc.parts.rawEvents.get('standard', 'msg_fault_1')).toBeUndefined();
    expect(counter.seen.has('standard:msg_fault_1:0')).toBe(false);

    // Recovery without manual steps: the provider's retry succeeds
    down = false;
    const retry = await post(svc.url, 'standard', d);
    expect(retry.status).toBe(200);
    await eventually(async () => counter.seen.get('standard:msg_fault_1:0') === 1, 'retried event processed');
    svc.parts.clients.sqs.middlewareStack.remove('faultInjection');
  });

  it('100 deliveries with 30% duplicates, shuffled and concurrent: each unique event reaches the domain and is stored exactly once', () =>
    deliveryStorm(svc, counter, { unique: 70, duplicates: 30, prefix: 'msg_storm_' }));

  it('keeps a signed but not understood delivery in quarantine (202), lists it, and replays it once the adapter is fixed', async () => {
    // Prepare: an adapter that cannot parse this payload yet
    const adapter = providers.standard;
    const parse = adapter.parse;
    adapter.parse = () => {
      throw new Error('schema v2 not supported yet');
    };
    const d = signSample(loadSamples('standard')[0]!, { deliveryId: 'msg_quarantine_1' });
    try {
      const res = await post(svc.url, 'standard', d);
      expect(res.status).toBe(202);
      expect(JSON.parse(res.body)).toMatchObject({ received: true, quarantined: true });
    } finally {
      adapter.parse = parse; // "the adapter is fixed"
    }
    const listed = await eventually(async () => {
      const r = (await (await fetch(`${svc.url}/quarantine`)).json()) as { items: { id: string; deliveryId: string; reason: string }[] };
      return r.items.find((i) => i.deliveryId === 'msg_quarantine_1');
    }, 'quarantined item listed');
    expect(listed.reason).toMatch(/schema v2/);
    expect(JSON.stringify(listed)).not.toContain('+8613812345678');

    // Act: replay twice (a double click)
    const first = await fetch(`${svc.url}/quarantine/${listed.id}/replay`, { method: 'POST' });
    expect(first.status).toBe(202);
    await eventually(async () => counter.seen.get('standard:msg_quarantine_1:0') === 1, 'replayed event processed');
    const second = await fetch(`${svc.url}/quarantine/${listed.id}/replay`, { method: 'POST' });
    // Assess
    expect(second.status).toBe(404);
    const after = (await (await fetch(`${svc.url}/quarantine`)).json()) as { items: { deliveryId: string }[] };
    expect(after.items.find((i) => i.deliveryId === 'msg_quarantine_1')).toBeUndefined();
    expect(counter.seen.get('standard:msg_quarantine_1:0')).toBe(1);
  });

  it('a poison message goes to the DLQ after the max receives', async () => {
    const { SendMessageCommand } = await import('@aws-sdk/client-sqs');
    await svc.parts.clients.sqs.send(new SendMessageCommand({ QueueUrl: svc.queueUrls.ingest, MessageBody: '{"not":"an ingest message"}' }));
    const dead = await eventually(async () => {
      const r = await svc.parts.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: svc.queueUrls.ingestDlq, WaitTimeSeconds: 1 }));
      return r.Messages?.[0];
    }, 'poison in DLQ', 60_000);
    expect(dead.Body).toContain('not');
  });
});
