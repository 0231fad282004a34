import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { standardSigner } from '../../../events/signers/standard.ts';
import type { CanonicalEvent } from '../../../lib/canonical/canonical.ts';
import { SqsQueue } from '../../../lib/platform/queue/sqs-queue.ts';
import { post } from '../../helpers/deliveries.ts';
import { eventually, startTestService } from '../../helpers/service.ts';

/**
 * Issue 18: fauxqs refuses every surrogate pair and real SQS refuses U+FFFE/U+FFFF, so a delivery
 * with an emoji was answered 503 forever. Real fauxqs, real worker: the text arrives intact.
 */
const TEXT = '收到的杯子碎了 😡💔 𠀀𪚥 \uffff\ufffe end';

const seen: CanonicalEvent[] = [];
let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService({
    wrapHandleEvents: (inner) => async (events) => {
      await inner(events);
      seen.push(...events);
    },
  });
});
afterAll(async () => svc?.stop());

describe('messages are safe on every SQS', () => {
  it('a delivery with emoji, CJK Extension-B and U+FFFF is accepted and the worker sees the original text', async () => {
    const body = { type: 'complaint.reported', timestamp: '2026-11-20T10:00:00Z', data: { orderId: 'UNI-1', channel: 'chat', category: 'product_mismatch', text: TEXT } };
    const raw = Buffer.from(JSON.stringify(body));
    const res = await post(svc.url, 'standard', standardSigner.sign(raw, { deliveryId: 'msg_unicode_1' }));
    expect(res.status, res.body).toBe(200);
    const ev = await eventually(async () => seen.find((e) => e.id === 'standard:msg_unicode_1:0'), 'the worker saw the event');
    expect((ev as { data: { text: string } }).data.text).toBe(TEXT);
    // The raw body kept for audit/replay is byte-identical too.
    const stored = await eventually(async () => {
      const r = await svc.parts.rawEvents.get('standard', 'msg_unicode_1');
      return r?.state === 'done' ? r : undefined;
    }, 'recorded as done');
    // The done record keeps the body's hash (the body itself is in audit storage): byte-identical.
    expect(stored.bodySha256).toBe(createHash('sha256').update(raw).digest('hex'));
  });

  it('the queue body is printable ASCII and parses back to the original', async () => {
    const q = new SqsQueue<{ text: string }>(svc.parts.clients.sqs, svc.queueUrls.notifyDlq);
    await q.send({ text: TEXT });
    await q.sendMany([{ text: `${TEXT} #2` }]);
    const got = await eventually(async () => {
      const r = await svc.parts.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: svc.queueUrls.notifyDlq, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      return r.Messages?.length ? r.Messages : undefined;
    }, 'messages on the queue');
    for (const m of got) {
      expect(m.Body).toMatch(/^[\x20-\x7e]*$/);
      expect((JSON.parse(m.Body!) as { text: string }).text.startsWith(TEXT)).toBe(true);
    }
  });
});
