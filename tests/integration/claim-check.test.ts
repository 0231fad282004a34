import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { standardSigner } from '../../events/signers/standard.ts';
import { post } from '../helpers/deliveries.ts';
import { eventually, startTestService } from '../helpers/service.ts';

/**
 * Deliveries too large for one queue message take a claim check. A valid delivery under the body
 * limit must be stored whatever its size once parsed (issue 18: a 219 KB one got 503 forever,
 * its body + events exceeding DynamoDB's 400 KB item); one that cannot be stored at all is refused
 * with 413 before anything is acknowledged, never 503 (the provider would retry it for days).
 */
let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => svc?.stop());

const shipped = (orderId: string, itemName: (i: number) => string) => ({
  type: 'order.shipped',
  timestamp: new Date().toISOString(),
  data: {
    orderId,
    carrier: 'sf-express',
    trackingNumber: `SF-${orderId}`,
    shippedAt: new Date().toISOString(),
    // many line items with long names: a big catalogue order, all within the canonical limits
    items: Array.from({ length: 480 }, (_, i) => ({ sku: `SKU-${i}`, name: itemName(i), quantity: 1 })),
  },
});

describe('claim check', () => {
  it('a 219 KB delivery is acknowledged, stored and processed (its parsed events travel packed)', async () => {
    const body = Buffer.from(JSON.stringify(shipped('BIG-1', (i) => `连衣裙 雪纺 碎花 ${'款式说明'.repeat(34)} #${i}`)));
    expect(body.length).toBeGreaterThan(200 * 1024);
    expect(body.length).toBeLessThan(256 * 1024);
    const res = await post(svc.url, 'standard', standardSigner.sign(body));
    expect(res.status, res.body).toBe(200);
    const s = await eventually(() => svc.parts.stall.shipments.get('SF-BIG-1'), 'shipment stored');
    expect(s.orderId).toBe('BIG-1');
  });

  it('one that cannot fit even packed is refused with 413 at once, and nothing is queued', async () => {
    // A deployment with a larger body limit (1 MiB) and incompressible content: no packing fits 400 KB.
    const big = await startTestService({ env: { BODY_LIMIT_BYTES: String(1024 * 1024) }, roles: { scanner: false } });
    try {
      const rnd = (n: number) => randomBytes(n).toString('base64').slice(0, n);
      const items = (n: number) => Array.from({ length: n }, (_, i) => ({ sku: `SKU-${i}`, name: rnd(480), quantity: 1, tags: Array.from({ length: 20 }, () => rnd(50)) }));
      const body = Buffer.from(JSON.stringify({ ...shipped('BIG-2', () => ''), data: { ...shipped('BIG-2', () => '').data, items: items(500) } }));
      expect(body.length).toBeGreaterThan(700 * 1024);
      expect(body.length).toBeLessThan(1024 * 1024);
      const res = await post(big.url, 'standard', standardSigner.sign(body));
      expect(res.status, res.body).toBe(413);
      expect(JSON.parse(res.body).error.code).toBe('payload_too_large');
      expect(await big.parts.stall.shipments.get('SF-BIG-2')).toBeUndefined();
    } finally {
      await big.stop();
    }
  });

});
