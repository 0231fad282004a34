import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signers } from '../../../events/signers/index.ts';
import { eventually, startTestService } from '../../helpers/service.ts';

/**
 * 抖店 after-sales flows end to end (HTTP in, complaint out), one message at a time, checking the
 * customer-visible status after each step against the documented tag meanings
 * (lib/intake/providers/douyin.ts DOUYIN_TAGS: 200 申请, 201 同意退款, 202 同意退货申请,
 * 203 买家退货给卖家, 206 退款成功, 208 买家修改售后申请, 205 拒绝退货申请).
 */
let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService({ env: { STAGE: 'local' } });
});
afterAll(async () => svc?.stop());

let seq = 0;
async function push(tag: string, data: Record<string, unknown>) {
  const msgId = `${Date.now()}${seq++}:0:${tag}:1`;
  const body = Buffer.from(JSON.stringify([{ tag, msg_id: msgId, data: JSON.stringify({ ...data, update_time: new Date(Date.now() + seq * 1000).toISOString() }) }]));
  const res = await fetch(`${svc.url}/webhooks/douyin`, { method: 'POST', ...signers.douyin.sign(body) });
  expect(res.status).toBe(200);
  expect(await res.text()).toBe('{"code":0,"msg":"success"}');
  const id = res.headers.get('x-delivery-id')!;
  await eventually(async () => (await svc.parts.rawEvents.get('douyin', id))?.state === 'done', `tag ${tag} processed`);
}
async function statusOf(orderId: string) {
  const res = await fetch(`${svc.url}/complaints?orderId=${orderId}`);
  const { items } = (await res.json()) as { items: { status: string; afterSalesType?: string; flags: string[] }[] };
  expect(items).toHaveLength(1);
  return items[0]!;
}

describe('抖店 return flow (退货退款)', () => {
  it('200 → 208 → 202 → 203 → 201 → 206 walks under_review → awaiting_return → returning → processing → completed', async () => {
    const ids = { p_id: `69${Date.now()}1`, aftersale_id: `73${randomUUID().replace(/\D/g, '').slice(0, 12)}`, aftersale_type: 0, refund_amount: 19900, reason_code: 3 };
    await push('200', { ...ids, apply_time: Math.floor(Date.now() / 1000) });
    expect(await statusOf(ids.p_id)).toMatchObject({ status: 'under_review', afterSalesType: 'return_refund' });
    // The buyer edits the request: nothing is decided, it must stay under review (it used to complete as rejected).
    await push('208', { ...ids, modify_time: Math.floor(Date.now() / 1000) });
    expect((await statusOf(ids.p_id)).status).toBe('under_review');
    await push('202', ids);
    expect((await statusOf(ids.p_id)).status).toBe('awaiting_return');
    await push('203', ids);
    expect((await statusOf(ids.p_id)).status).toBe('returning');
    await push('201', { ...ids, agree_time: Math.floor(Date.now() / 1000) });
    expect((await statusOf(ids.p_id)).status).toBe('processing');
    await push('206', { ...ids, success_time: Math.floor(Date.now() / 1000) });
    const done = await statusOf(ids.p_id);
    expect(done.status).toBe('completed');
    expect(done.flags).not.toContain('rejected');
  });

  it('205 (return refused) completes the request as rejected', async () => {
    const ids = { p_id: `69${Date.now()}2`, aftersale_id: `74${Date.now()}`, aftersale_type: 0 };
    await push('200', ids);
    await push('205', ids);
    const c = await statusOf(ids.p_id);
    expect(c.status).toBe('completed');
    expect(c.flags).toContain('rejected');
  });
});

describe('抖店 refund-only flow (仅退款, shipped)', () => {
  it('200 → 201 → 206 walks under_review → processing → completed', async () => {
    const ids = { p_id: `69${Date.now()}3`, aftersale_id: `75${Date.now()}`, aftersale_type: 1, refund_amount: 5900 };
    await push('200', ids);
    expect(await statusOf(ids.p_id)).toMatchObject({ status: 'under_review', afterSalesType: 'refund_only' });
    // 201 agreed refund: it used to be read as "buyer modified" and left the request under review.
    await push('201', ids);
    expect((await statusOf(ids.p_id)).status).toBe('processing');
    await push('206', ids);
    expect((await statusOf(ids.p_id)).status).toBe('completed');
  });
});
