import { randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSamples } from '../../../events/samples.ts';
import { signers } from '../../../events/signers/index.ts';
import { countingHandler } from '../../helpers/deliveries.ts';
import { eventually, startTestService } from '../../helpers/service.ts';
import { forgeWithCrc } from './crc32-forge.ts';

/**
 * Issue 18's provider-side attacks, reproduced through HTTP against the embedded stack. Each one
 * succeeded before the fix: a forged PayPal dispute opened a complaint, a replayed Shopify or
 * Kuaidi100 delivery was stored again, out-of-range numbers were acked and then failed in the worker.
 */
const counter = countingHandler();
let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService({ env: { STAGE: 'local' }, wrapHandleEvents: counter.wrap });
});
afterAll(async () => svc?.stop());

const send = async (provider: string, d: { headers: Record<string, string>; body: Buffer }) => {
  const res = await fetch(`${svc.url}/webhooks/${provider}`, { method: 'POST', headers: d.headers, body: d.body });
  return { status: res.status, body: await res.text(), id: res.headers.get('x-delivery-id') };
};
const done = (provider: string, id: string) => eventually(async () => (await svc.parts.rawEvents.get(provider, id))?.state === 'done', `${provider}/${id} processed`);

describe('PayPal: a body forged to the captured CRC32 is refused', () => {
  it('replaying captured headers with a CRC32-colliding body answers 401 and opens nothing', async () => {
    const order = `PP-ORDER-${randomUUID().slice(0, 8)}`;
    const victim = `VICTIM-${randomUUID().slice(0, 8)}`;
    const genuine = Buffer.from(JSON.stringify({ id: `WH-${randomUUID()}`, event_version: '1.0', create_time: new Date().toISOString(), resource_type: 'dispute', event_type: 'CUSTOMER.DISPUTE.CREATED', summary: 'A new dispute opened', resource: { dispute_id: `PP-D-${randomUUID().slice(0, 8)}`, create_time: new Date().toISOString(), disputed_transactions: [{ seller_transaction_id: 'TX1', invoice_number: order }], reason: 'MERCHANDISE_OR_SERVICE_NOT_RECEIVED', status: 'OPEN', dispute_amount: { currency_code: 'USD', value: '3.00' } } }));
    const captured = signers.paypal.sign(genuine);
    const first = await send('paypal', captured);
    expect(first.status, first.body).toBe(200);
    await done('paypal', first.id!);

    const forgedId = `WH-${randomUUID()}`;
    const at = new Date().toISOString();
    const forged = forgeWithCrc(
      (pad) => JSON.stringify({ id: forgedId, event_type: 'CUSTOMER.DISPUTE.CREATED', create_time: at, resource: { dispute_id: 'PP-D-FORGED', disputed_transactions: [{ invoice_number: victim }], reason: 'UNAUTHORISED', dispute_amount: { currency_code: 'USD', value: '9999.00' } }, pad }),
      crc32(genuine) >>> 0,
    );
    expect(crc32(forged) >>> 0).toBe(crc32(genuine) >>> 0); // the offline signature still verifies
    const attack = await send('paypal', { headers: captured.headers, body: forged });
    expect(attack.status, attack.body).toBe(401);
    expect(await svc.parts.complaints.store.forOrder(victim)).toEqual([]);

    // The genuine transmission re-sent byte for byte is still the same delivery, acknowledged.
    const retry = await send('paypal', captured);
    expect(retry).toMatchObject({ status: 200, id: first.id });
  });

  it('dedups on the signed transmission id; the canonical event ids follow the event id', async () => {
    const s = loadSamples('paypal').find((x) => x.variant === 'payment-sale-refunded-paypal-example')!;
    const a = await send('paypal', signers.paypal.sign(s.body, { deliveryId: `tx-${randomUUID()}` }));
    const b = await send('paypal', signers.paypal.sign(s.body, { deliveryId: `tx-${randomUUID()}` }));
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(a.id).not.toBe(b.id); // two transmissions...
    await done('paypal', a.id!);
    await done('paypal', b.id!);
    const [ra, rb] = await Promise.all([svc.parts.rawEvents.get('paypal', a.id!), svc.parts.rawEvents.get('paypal', b.id!)]);
    expect(ra!.events.map((e) => e.id)).toEqual(rb!.events.map((e) => e.id)); // ...of ONE event: the domain applies it once
    expect(ra!.events[0]!.id).toBe('paypal:WH-2N242548W9943490U-1JU23391CS4765624:0');
  });
});

describe('Shopify: the dedup key comes from the signed body, not the unsigned event id', () => {
  it('a captured delivery replayed with fresh X-Shopify-Event-Id / Webhook-Id is the same delivery', async () => {
    const s = loadSamples('shopify').find((x) => x.variant === 'refunds-create-shopify-example')!;
    const d = signers.shopify.sign(s.body, { topic: s.meta.topic });
    const ids = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const replay = { body: d.body, headers: { ...d.headers, 'x-shopify-event-id': randomUUID(), 'x-shopify-webhook-id': randomUUID() } };
      const r = await send('shopify', replay);
      expect(r.status, r.body).toBe(200);
      ids.add(r.id!);
    }
    expect(ids.size).toBe(1);
    await done('shopify', [...ids][0]!);
    const events = (await svc.parts.rawEvents.get('shopify', [...ids][0]!))!.events;
    expect(events.map((e) => counter.seen.get(e.id))).toEqual([1]);
  });
});

describe('Kuaidi100: only `param` is signed, so only `param` keys the delivery', () => {
  it('re-ordered fields and an added field are the same delivery', async () => {
    const s = loadSamples('kuaidi100').find((x) => x.variant === 'polling-out-for-delivery-kuaidi100-sample')!;
    const d = signers.kuaidi100.sign(s.body);
    const form = new URLSearchParams(d.body.toString());
    const param = form.get('param')!;
    const sign = form.get('sign')!;
    const encodings = [
      d.body.toString(),
      new URLSearchParams([['param', param], ['sign', sign]]).toString(),
      `${new URLSearchParams([['param', param], ['sign', sign]]).toString()}&x=1`,
      `x=2&${new URLSearchParams([['sign', sign], ['param', param]]).toString()}`,
    ];
    const ids = new Set<string>();
    for (const body of encodings) {
      const r = await send('kuaidi100', { headers: d.headers, body: Buffer.from(body) });
      expect(r.status, r.body).toBe(200);
      ids.add(r.id!);
    }
    expect(ids.size).toBe(1);
  });
});

describe('numbers DynamoDB cannot store are quarantined at the edge (202), not failed in the worker', () => {
  const standard = loadSamples('standard').find((x) => x.variant === 'aftersale-requested')!;
  const shipped = loadSamples('standard').find((x) => x.variant === 'order-shipped')!;
  const withAmount = (value: unknown) => {
    const b = JSON.parse(standard.body.toString());
    b.data.amount = { value, currency: 'CNY' };
    return Buffer.from(JSON.stringify(b).replace('"__N__"', String(value)));
  };
  it.each([
    ['1e200', withAmount('__N__').toString().replace('__N__', '1e200')],
    ['1e-200', withAmount('__N__').toString().replace('__N__', '1e-200')],
    ['2^53+2 money', withAmount('__N__').toString().replace('__N__', '9007199254740994')],
    // zod 4's int() already refused unsafe integers here; kept so a looser schema cannot slip in.
    ['2^53+2 quantity', shipped.body.toString().replace(/"quantity":\s*\d+/, '"quantity":9007199254740994')],
  ])('%s', async (_name, body) => {
    expect(body).toMatch(/1e200|1e-200|9007199254740994/);
    const r = await send('standard', signers.standard.sign(Buffer.from(body)));
    expect(r.status, r.body).toBe(202);
    expect(JSON.parse(r.body)).toMatchObject({ quarantined: true });
    const stored = await eventually(async () => {
      const rec = await svc.parts.rawEvents.get('standard', r.id!);
      return rec?.state === 'quarantined' ? rec : undefined;
    }, 'quarantined record');
    expect(stored.quarantineReason).toMatch(/amount|quantity/);
    const list = (await (await fetch(`${svc.url}/quarantine`)).json()) as { items: { deliveryId?: string; id?: string }[] };
    expect(JSON.stringify(list)).toContain(r.id!);
  });

  it('a Stripe amount above 2^53 is quarantined too', async () => {
    const s = loadSamples('stripe').find((x) => x.variant === 'charge-dispute-created')!;
    const body = s.body.toString().replace(/"amount":\s*\d+/, '"amount":9007199254740994');
    const r = await send('stripe', signers.stripe.sign(Buffer.from(body)));
    expect(r.status, r.body).toBe(202);
  });
});

