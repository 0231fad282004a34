import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadSamples } from '../../../events/samples.ts';
import { signers } from '../../../events/signers/index.ts';
import { deliveryIdOf } from '../../../lib/intake/accept-delivery.ts';
import { providers, type ProviderAdapter } from '../../../lib/intake/providers/index.ts';

/**
 * Dedup keys come only from signed content (issue 18): changing what the signature does not cover
 * must not make a captured delivery look new, and changing what it covers must.
 */
const req = (d: { headers: Record<string, string>; body: Buffer }) => ({ headers: Object.fromEntries(Object.entries(d.headers).map(([k, v]) => [k.toLowerCase(), v])), rawBody: d.body, receivedAt: new Date() });
const keyOf = (p: keyof typeof providers, d: { headers: Record<string, string>; body: Buffer }) => {
  const a = providers[p] as ProviderAdapter<unknown, unknown>;
  return deliveryIdOf(a, req(d), a.decode(req(d)));
};

describe('dedup keys from signed content only', () => {
  it('Shopify: fresh X-Shopify-Event-Id / Webhook-Id on the same signed body → same key; another body → another key', () => {
    const s = loadSamples('shopify').find((x) => x.variant === 'refunds-create-shopify-example')!;
    const d = signers.shopify.sign(s.body, { topic: 'refunds/create' });
    const replay = { body: d.body, headers: { ...d.headers, 'x-shopify-event-id': randomUUID(), 'x-shopify-webhook-id': randomUUID() } };
    expect(keyOf('shopify', replay)).toBe(keyOf('shopify', d));
    const other = signers.shopify.sign(Buffer.from(s.body.toString().replace('Things were damaged', 'Other')), { topic: 'refunds/create' });
    expect(keyOf('shopify', other)).not.toBe(keyOf('shopify', d));
  });

  it('Kuaidi100: the key is the signed param, whatever the form around it', () => {
    const s = loadSamples('kuaidi100')[0]!;
    const d = signers.kuaidi100.sign(s.body);
    const f = new URLSearchParams(d.body.toString());
    const reordered = { headers: d.headers, body: Buffer.from(`x=1&sign=${encodeURIComponent(f.get('sign')!)}&param=${encodeURIComponent(f.get('param')!)}`) };
    expect(keyOf('kuaidi100', reordered)).toBe(keyOf('kuaidi100', d));
  });

  it('PayPal: the key is the signed transmission id, not the body id a forger picks', () => {
    const s = loadSamples('paypal')[0]!;
    const d = signers.paypal.sign(s.body, { deliveryId: 'tx-1' });
    expect(keyOf('paypal', d)).toBe('tx-1');
  });

  it('WooCommerce: relabelling the unsigned topic header does not make a new delivery', () => {
    const s = loadSamples('woocommerce').find((x) => x.variant === 'order-refunded')!;
    const d = signers.woocommerce.sign(s.body, { topic: 'order.updated' });
    expect(keyOf('woocommerce', { ...d, headers: { ...d.headers, 'x-wc-webhook-topic': 'order.created' } })).toBe(keyOf('woocommerce', d));
  });
});

describe('Kuaidi100 order linking through the callback URL\'s own parameters', () => {
  it('reads orderId from the query the shop put on its callback URL; without it, names no order', () => {
    const s = loadSamples('kuaidi100').find((x) => x.variant === 'polling-out-for-delivery-kuaidi100-sample')!;
    const d = signers.kuaidi100.sign(s.body);
    const r = { ...req(d), query: { orderId: 'SO-KD-1' } };
    const a = providers.kuaidi100;
    const parsed = a.parse(a.decode(r), { secrets: [], extra: {} });
    if ('ignored' in parsed) throw new Error('not ignored');
    expect(a.normalize(parsed, r)[0]!.body.data).toMatchObject({ orderId: 'SO-KD-1' });
    expect(a.normalize(parsed, req(d))[0]!.body.data).not.toHaveProperty('orderId', expect.anything());
  });
});
