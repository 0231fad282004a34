import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../lib/canonical/canonical.ts';
import { config, event, requested } from '../helpers/factories.ts';
import { complaintGrowth } from '../helpers/scale-scenarios.ts';
import { startTestService } from '../helpers/service.ts';

let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService({ env: { SUPPORT_TEAM: 'alice', SLA_FOLLOW_UP_HOURS: '24', QUALITY_ALERT_THRESHOLD: '3', QUALITY_ALERT_WINDOW_DAYS: '7', QUALITY_ALERT_CATEGORIES: 'product_mismatch,usage', CLOCK_SKEW_MINUTES: '5' } });
});
afterAll(async () => svc?.stop());

const shipped = (orderId: string, o: { sku?: string; batchId?: string; phone?: string } = {}) =>
  event('order.shipped', {
    orderId,
    platform: 'douyin',
    customer: { name: '王小明', phone: o.phone ?? '+8613812345678', email: 'xm@example.com' },
    amount: { value: 199, currency: 'CNY' },
    items: [{ sku: o.sku ?? 'DRESS-RED-M', name: '红色连衣裙', quantity: 1 }],
    carrier: 'sf',
    trackingNumber: `T-${orderId}`,
    batchId: o.batchId,
    shippedAt: '2026-11-18T08:00:00.000Z',
  }, { id: `ship-${orderId}` });
const payment = (orderId: string, id: string): CanonicalEvent => ({ ...event('aftersale.updated', { orderId, requestId: `re_${id}`, status: 'refunded', amount: { value: 199, currency: 'CNY' } }, { id, provider: 'stripe' }), providerKind: 'payment' });

describe('complaint desk engine on DynamoDB Local', () => {
  it('order facts: contact (masked), items, platform and demand on the complaint; reveal is audited and refused to viewers', async () => {
    await svc.parts.handleEvents([shipped('O-FACTS')]);
    await svc.parts.handleEvents([requested({ orderId: 'O-FACTS', requestId: 'R-F', type: 'refund_only', reason: '颜色不符，要求退款并赔偿' }, { id: 'facts-req' })]);
    const [c] = await svc.parts.complaints.store.forOrder('O-FACTS');
    const got = await svc.parts.complaints.get(c!.id);
    expect(got!.customer).toEqual({ name: '王小明', phoneMasked: '+86138****5678', emailMasked: 'x***@example.com' });
    expect(got!.items).toEqual([{ sku: 'DRESS-RED-M', name: '红色连衣裙', quantity: 1 }]);
    expect(got!.platform).toBe('douyin');
    expect(got!.demand).toMatch(/^refund \+ compensation: /);
    await expect(svc.parts.complaints.reveal(c!.id, { name: 'vera', role: 'viewer' })).rejects.toMatchObject({ kind: 'forbidden' });
    expect(await svc.parts.complaints.reveal(c!.id, { name: 'amy', role: 'agent' })).toEqual({ phone: '+8613812345678', email: 'xm@example.com' });
    const tl = await svc.parts.complaints.timeline(c!.id);
    expect(tl.items.find((t) => t.eventType === 'operator.reveal')).toMatchObject({ actor: 'amy', summary: expect.stringMatching(/revealed contact/) });
    expect(JSON.stringify(tl)).not.toContain('13812345678');
    expect((await svc.parts.complaints.store.get(c!.id))!.revealCount).toBe(1);
  });

  it('a payment refund without a request opens nothing and joins the request when it arrives, in either order', async () => {
    await svc.parts.complaints.applyEvents([payment('O-PAY-1', 'pay-1')]);
    expect(await svc.parts.complaints.store.forOrder('O-PAY-1')).toHaveLength(0);
    await svc.parts.complaints.applyEvents([requested({ orderId: 'O-PAY-1', requestId: 'R', type: 'refund_only', reason: '尺码偏小' }, { id: 'pay-req-1' })]);
    await svc.parts.complaints.applyEvents([requested({ orderId: 'O-PAY-2', requestId: 'R', type: 'refund_only', reason: '尺码偏小' }, { id: 'pay-req-2' })]);
    await svc.parts.complaints.applyEvents([payment('O-PAY-2', 'pay-2')]);
    const [a] = await svc.parts.complaints.store.forOrder('O-PAY-1');
    const [b] = await svc.parts.complaints.store.forOrder('O-PAY-2');
    expect(a!.status).toBe('completed');
    expect(b!.status).toBe('completed');
    expect(a!.category).toBe('product_mismatch');
    expect(a!.appliedEventIds.sort()).toEqual(['pay-1', 'pay-req-1']);
    expect(b!.appliedEventIds.sort()).toEqual(['pay-2', 'pay-req-2']);
  });

  it('a completed complaint opens the follow-up clock; a missed follow-up breaches once; followUpDone clears it', async () => {
    const past = new Date(Date.now() - 30 * 3600_000).toISOString();
    await svc.parts.complaints.applyEvents([requested({ orderId: 'O-FU', requestId: 'R', type: 'refund_only', reason: '尺码' }, { id: 'fu-1', at: past }), event('aftersale.updated', { orderId: 'O-FU', requestId: 'R', status: 'refunded' }, { id: 'fu-2', at: past })]);
    const [c] = await svc.parts.complaints.store.forOrder('O-FU');
    expect(c!.sla.followUpDueAt).toBe(new Date(Date.parse(past) + 24 * 3600_000).toISOString());
    const breaches = await svc.parts.complaints.checkSlas();
    expect(breaches.filter((b) => b.complaintId === c!.id).map((b) => b.clock)).toContain('followUp');
    expect((await svc.parts.complaints.checkSlas()).filter((b) => b.complaintId === c!.id)).toEqual([]);
    await svc.parts.complaints.applyEvents([requested({ orderId: 'O-FU2', requestId: 'R', type: 'refund_only' }, { id: 'fu2-1' }), event('aftersale.updated', { orderId: 'O-FU2', requestId: 'R', status: 'refunded' }, { id: 'fu2-2' })]);
    const [d] = await svc.parts.complaints.store.forOrder('O-FU2');
    const done = await svc.parts.complaints.operate(d!.id, { followUpDone: true }, 'amy');
    expect(done.sla.followUpDueAt).toBeUndefined();
    expect(done.sla.followUpDoneAt).toBeDefined();
    expect(done.timeline!.at(-1)).toMatchObject({ actor: 'amy' });
  });

  it('the dress case: three complaints about one batch raise ONE quality alert that keeps growing', async () => {
    for (const i of [1, 2, 3, 4]) {
      await svc.parts.handleEvents([shipped(`O-DRESS-${i}`, { batchId: 'DRESS-2611-B7' })]);
      await svc.parts.handleEvents([requested({ orderId: `O-DRESS-${i}`, requestId: 'R', type: 'return_refund', reason: '颜色和图片有色差' }, { id: `dress-${i}` })]);
    }
    const open = await svc.parts.complaints.qualityAlerts('open');
    const dress = open.filter((a) => a.batchId === 'DRESS-2611-B7');
    expect(dress).toHaveLength(1);
    expect(dress[0]).toMatchObject({ type: 'quality_batch', sku: 'DRESS-RED-M', category: 'product_mismatch', count: 4, windowDays: 7 });
    expect(dress[0]!.complaintIds).toHaveLength(4);
    const stats = await svc.parts.complaints.stats({ breakdown: ['batch'] });
    expect(stats.byBatch?.['DRESS-2611-B7']).toBe(4);
  });

  it('a signed event dated 9999-12-31 gets SLA clocks from its receipt', async () => {
    const e = { ...requested({ orderId: 'O-FUTURE', requestId: 'R', reason: '漏电' }, { id: 'future-1', at: '9999-12-31T00:00:00.000Z' }), receivedAt: new Date().toISOString() };
    await svc.parts.complaints.applyEvents([e]);
    const [c] = await svc.parts.complaints.store.forOrder('O-FUTURE');
    expect(Date.parse(c!.sla.firstResponseDueAt)).toBeLessThan(Date.now() + 16 * 60_000);
  });

  it('after 60 courier events a logistics complaint stays small and an append costs what the first did (500 in the scale tier)', () => complaintGrowth(svc, 60));
});
