import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSamples } from '../../../events/samples.ts';
import { signers } from '../../../events/signers/index.ts';
import { eventually, startTestService } from '../../helpers/service.ts';

/**
 * Courier feeds name the order in different places (AfterShip `order_id` / `order_number`, 17TRACK
 * the registration `tag`, EasyPost nowhere: only the tracking code). Each must end in a logistics
 * complaint on the right order — directly, or through the shipment record the shop's
 * `order.shipped` created, whichever arrives first.
 */
let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService({ env: { STAGE: 'local' } });
});
afterAll(async () => svc?.stop());

async function deliver(provider: keyof typeof signers, body: unknown, topic?: string) {
  const raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const res = await fetch(`${svc.url}/webhooks/${provider}`, { method: 'POST', ...signers[provider].sign(raw, { topic }) });
  expect(res.status, await res.clone().text()).toBe(200);
  const id = res.headers.get('x-delivery-id')!;
  await eventually(async () => (await svc.parts.rawEvents.get(provider, id))?.state === 'done', `${provider} delivery processed`);
}
const complaintsOf = (orderId: string) => svc.parts.complaints.store.forOrder(orderId);
const logisticsComplaint = (orderId: string) => eventually(async () => (await complaintsOf(orderId)).find((c) => c.category === 'logistics'), `logistics complaint for ${orderId}`);

function shipped(orderId: string, trackingNumber: string) {
  const s = JSON.parse(loadSamples('standard').find((x) => x.variant === 'order-shipped')!.body.toString());
  s.data = { ...s.data, orderId, trackingNumber, batchId: `B-${orderId}` };
  return s;
}

describe('order linking for courier feeds', () => {
  it('AfterShip names the order by order_number (current API): the exception opens a complaint on it', async () => {
    const order = `AS-${randomUUID().slice(0, 8)}`;
    const s = JSON.parse(loadSamples('aftership').find((x) => x.variant === 'tracking-update-exception-aftership-sample')!.body.toString());
    s.event_id = randomUUID();
    s.msg = { ...s.msg, order_number: order, order_id: null, tracking_number: `AS${Date.now()}` };
    await deliver('aftership', s);
    expect((await logisticsComplaint(order)).orderId).toBe(order);
  });

  it('17TRACK names the order by the registration tag', async () => {
    const order = `ST-${randomUUID().slice(0, 8)}`;
    const s = JSON.parse(loadSamples('17track').find((x) => x.variant === 'tracking-updated-exception')!.body.toString());
    s.data = { ...s.data, tag: order, number: `ST${Date.now()}` };
    await deliver('17track', s);
    expect((await logisticsComplaint(order)).orderId).toBe(order);
  });

  it('EasyPost names no order: a lost parcel is linked through the shipment record of its tracking code', async () => {
    const order = `EP-${randomUUID().slice(0, 8)}`;
    const tracking = `EZ${Date.now()}`;
    await deliver('standard', shipped(order, tracking));
    const e = JSON.parse(loadSamples('easypost').find((x) => x.variant === 'tracker-updated-easypost-fixture')!.body.toString());
    e.id = `evt_${randomUUID().replace(/-/g, '')}`;
    e.result = { ...e.result, tracking_code: tracking, status: 'failure', status_detail: 'lost', tracking_details: [{ ...e.result.tracking_details.at(-1), status: 'failure', status_detail: 'lost', datetime: new Date().toISOString() }] };
    await deliver('easypost', e);
    const c = await logisticsComplaint(order);
    expect(c.orderId).toBe(order);
  });

  it('EasyPost trouble that arrives before the shop names the order is linked when order.shipped arrives', async () => {
    const order = `EP-${randomUUID().slice(0, 8)}`;
    const tracking = `EZ${Date.now()}B`;
    const e = JSON.parse(loadSamples('easypost').find((x) => x.variant === 'tracker-updated-easypost-fixture')!.body.toString());
    e.id = `evt_${randomUUID().replace(/-/g, '')}`;
    e.result = { ...e.result, tracking_code: tracking, status: 'return_to_sender', tracking_details: [{ ...e.result.tracking_details.at(-1), status: 'return_to_sender', datetime: new Date().toISOString() }] };
    await deliver('easypost', e);
    expect(await complaintsOf(order)).toEqual([]);
    await deliver('standard', shipped(order, tracking));
    expect((await logisticsComplaint(order)).orderId).toBe(order);
  });
});
