/**
 * The webhook types the cost and heat figures are given for, as real signed deliveries built from
 * the samples in `events/` (real payload shapes, fresh ids per instance). Each type may need a few
 * setup deliveries first (a courier update needs its shipment, a refund its return request); those
 * are applied through the same path but not counted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENTS_DIR } from '../../events/samples.ts';
import { signers } from '../../events/signers/index.ts';
import type { ProviderId } from '../../lib/intake/providers/index.ts';

export interface Delivery {
  provider: ProviderId;
  headers: Record<string, string>;
  body: Buffer;
}

export const WEBHOOK_TYPES = [
  'courier_update',
  'courier_exception',
  'order_shipped',
  'aftersales_request',
  'aftersales_update',
  'payment_refund',
  'ignored_topic',
  'quarantined',
] as const;
export type WebhookType = (typeof WEBHOOK_TYPES)[number];

export const DESCRIPTIONS: Record<WebhookType, string> = {
  courier_update: 'AfterShip InTransit scan, shipment known, no complaint',
  courier_exception: 'AfterShip Exception, shipment known → new logistics complaint',
  order_shipped: "shop's order.shipped (standard webhook), new shipment",
  aftersales_request: 'Shopify returns/request → new complaint',
  aftersales_update: 'Shopify returns/approve on an open request',
  payment_refund: 'Stripe charge.refunded attaching to an open return',
  ignored_topic: 'Shopify orders/updated (topic the domain ignores)',
  quarantined: 'standard webhook whose payload fails its schema',
};

/**
 * Mixes the cost figures are given for. Shares per webhook type; state them in the README.
 * The realistic mix is the brief's: 70% courier updates (of which 1 in 20 an exception), 10%
 * order.shipped, 8% after-sales requests/updates, 7% payments, 5% ignored topics.
 */
export const MIXES = {
  realistic: { courier_update: 0.665, courier_exception: 0.035, order_shipped: 0.1, aftersales_request: 0.04, aftersales_update: 0.04, payment_refund: 0.07, ignored_topic: 0.05 },
} satisfies Record<string, Partial<Record<WebhookType, number>>>;
export type Mix = Partial<Record<WebhookType, number>>;

const sample = (path: string) => JSON.parse(readFileSync(join(EVENTS_DIR, path), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ORDER_SHIPPED = sample('standard/order-shipped.json');
const AFTERSHIP = sample('aftership/tracking-exception.json');
const RETURN_REQUEST = sample('shopify/return-request.json');
const STRIPE_REFUND = sample('stripe/charge-refunded.json');

const json = (o: unknown) => Buffer.from(JSON.stringify(o));
const iso = (ms: number) => new Date(ms).toISOString();

function sign(provider: ProviderId, body: Buffer, opts: { topic?: string; deliveryId?: string } = {}): Delivery {
  const d = signers[provider].sign(body, opts);
  return { provider, headers: d.headers, body: d.body };
}

/** Identities of instance `i` of run `run`: unique per (run, i), so runs share one table. */
export function ids(run: number, i: number) {
  const n = run * 100_000 + i;
  return {
    orderId: String(7_100_000_000_000 + n),
    trackingNumber: `SF${String(9_000_000_000 + n)}`,
    returnId: String(8_200_000_000_000 + n),
    n,
  };
}

export function orderShipped(run: number, i: number, now: number, over: Partial<{ orderId: string; trackingNumber: string }> = {}): Delivery {
  const id = { ...ids(run, i), ...over };
  const d = ORDER_SHIPPED.data;
  // Each bench order ships in a batch of its own: the sample's one batch would make every modelled
  // return of a 5,000/s burst (200/s) land in one batch's quality window, which no platform sees.
  return sign('standard', json({ ...ORDER_SHIPPED, timestamp: iso(now - 3_600_000), data: { ...d, batchId: `${d.batchId}-${id.n}`, orderId: id.orderId, trackingNumber: id.trackingNumber, customer: { ...d.customer, phone: `+86139${String(id.n).padStart(8, '0').slice(-8)}`, email: `buyer${id.n}@example.com` }, shippedAt: iso(now - 3_600_000), promisedBy: iso(now + 2 * 86_400_000) } }));
}

/** An AfterShip tracking webhook: the carrier's checkpoint history up to `lastAt`. */
export function courierEvent(run: number, i: number, tag: 'InTransit' | 'Exception', lastAt: number, seq = 0, over: Partial<{ orderId: string; trackingNumber: string }> = {}): Delivery {
  const id = { ...ids(run, i), ...over };
  const msg = AFTERSHIP.msg;
  const checkpoints = [
    { ...msg.checkpoints[0], checkpoint_time: iso(lastAt - 6 * 3_600_000) },
    { ...msg.checkpoints[1], checkpoint_time: iso(lastAt), tag, message: tag === 'Exception' ? msg.checkpoints[1].message : `运输中 in transit, scan ${seq}`, location: tag === 'Exception' ? 'Guangzhou hub' : `Hub ${seq % 40}` },
  ];
  return sign(
    'aftership',
    json({ ...AFTERSHIP, event_id: `bench-${id.n}-${tag}-${seq}-${lastAt}`, msg: { ...msg, tracking_number: id.trackingNumber, order_id: id.orderId, tag, subtag: `${tag}_001`, subtag_message: tag, updated_at: iso(lastAt), checkpoints } }),
  );
}

function returnRequest(run: number, i: number, now: number): Delivery {
  const id = ids(run, i);
  return sign('shopify', json({ ...RETURN_REQUEST, id: Number(id.returnId), admin_graphql_api_id: `gid://shopify/Return/${id.returnId}`, created_at: iso(now - 60_000), order: { ...RETURN_REQUEST.order, id: Number(id.orderId), admin_graphql_api_id: `gid://shopify/Order/${id.orderId}` } }), { topic: 'returns/request', deliveryId: `bench-rr-${id.n}` });
}

function returnApprove(run: number, i: number, now: number): Delivery {
  const id = ids(run, i);
  return sign('shopify', json({ ...RETURN_REQUEST, status: 'open', id: Number(id.returnId), created_at: iso(now - 60_000), order: { ...RETURN_REQUEST.order, id: Number(id.orderId) } }), { topic: 'returns/approve', deliveryId: `bench-ra-${id.n}` });
}

function stripeRefund(run: number, i: number, now: number): Delivery {
  const id = ids(run, i);
  const o = STRIPE_REFUND.data.object;
  return sign('stripe', json({ ...STRIPE_REFUND, id: `evt_bench_${id.n}`, created: Math.floor(now / 1000), data: { object: { ...o, id: `ch_bench_${id.n}`, payment_intent: `pi_bench_${id.n}`, metadata: { order_id: id.orderId } } } }));
}

/**
 * Shopify's `orders/updated` body: the whole order resource. Built in the shape of Shopify's
 * documented example (fake data); three line items, as a typical after-sales shop's order.
 */
export function shopifyOrder(orderId: string, now: number) {
  const money = (amount: string) => ({ shop_money: { amount, currency_code: 'CNY' }, presentment_money: { amount, currency_code: 'CNY' } });
  const address = { first_name: '小明', last_name: '王', address1: '南山区科技园科苑路 15 号', address2: '3 栋 1201', city: '深圳', province: '广东', country: 'China', zip: '518057', phone: '+86 138 1234 5678', name: '王小明', province_code: 'GD', country_code: 'CN', company: null, latitude: 22.54, longitude: 113.95 };
  const lineItem = (k: number) => ({
    id: 13_000_000_000 + k, admin_graphql_api_id: `gid://shopify/LineItem/${13_000_000_000 + k}`, attributed_staffs: [], current_quantity: 1, fulfillable_quantity: 0, fulfillment_service: 'manual', fulfillment_status: 'fulfilled',
    gift_card: false, grams: 2000, name: `智利车厘子 2kg — 礼盒 ${k}`, price: '168.00', price_set: money('168.00'), product_exists: true, product_id: 8_000_000_000 + k, properties: [{ name: 'gift_note', value: '生日快乐' }],
    quantity: 1, requires_shipping: true, sku: `CHERRY-2KG-${k}`, taxable: true, title: '智利车厘子 2kg', total_discount: '0.00', total_discount_set: money('0.00'), variant_id: 45_000_000_000 + k, variant_inventory_management: 'shopify',
    variant_title: '礼盒', vendor: 'Fresh Direct', tax_lines: [{ channel_liable: false, price: '19.33', price_set: money('19.33'), rate: 0.13, title: 'VAT' }], duties: [], discount_allocations: [],
  });
  return {
    id: Number(orderId), admin_graphql_api_id: `gid://shopify/Order/${orderId}`, app_id: 580111, browser_ip: '203.0.113.7', buyer_accepts_marketing: false, cancel_reason: null, cancelled_at: null, cart_token: 'c1-7a9e1f2b3c4d5e6f',
    checkout_id: 37_000_000_000, checkout_token: '1f2e3d4c5b6a79880a1b2c3d4e5f6a7b', client_details: { accept_language: 'zh-CN', browser_height: null, browser_ip: '203.0.113.7', browser_width: null, session_hash: null, user_agent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X)' },
    closed_at: null, confirmation_number: 'K7QX2M9PZ', confirmed: true, contact_email: 'xiaoming.wang@example.com', created_at: iso(now - 2 * 86_400_000), currency: 'CNY', current_subtotal_price: '504.00', current_subtotal_price_set: money('504.00'),
    current_total_discounts: '0.00', current_total_discounts_set: money('0.00'), current_total_price: '516.00', current_total_price_set: money('516.00'), current_total_tax: '57.99', current_total_tax_set: money('57.99'), customer_locale: 'zh-CN',
    discount_codes: [], email: 'xiaoming.wang@example.com', estimated_taxes: false, financial_status: 'paid', fulfillment_status: 'fulfilled', landing_site: '/', name: '#1042', note: null, note_attributes: [], number: 42, order_number: 1042,
    order_status_url: `https://demo-shop.myshopify.com/548380009/orders/${orderId}/authenticate?key=0a1b2c3d4e5f`, payment_gateway_names: ['alipay'], phone: '+8613812345678', presentment_currency: 'CNY', processed_at: iso(now - 2 * 86_400_000),
    source_name: 'web', subtotal_price: '504.00', subtotal_price_set: money('504.00'), tags: 'perishable, singles-day', tax_lines: [{ price: '57.99', rate: 0.13, title: 'VAT', price_set: money('57.99'), channel_liable: false }], taxes_included: true, test: false,
    token: '9f8e7d6c5b4a39281706f5e4d3c2b1a0', total_discounts: '0.00', total_discounts_set: money('0.00'), total_line_items_price: '504.00', total_line_items_price_set: money('504.00'), total_price: '516.00', total_price_set: money('516.00'),
    total_shipping_price_set: money('12.00'), total_tax: '57.99', total_tax_set: money('57.99'), total_weight: 6000, updated_at: iso(now), user_id: null,
    billing_address: address, shipping_address: address,
    customer: { id: 6_000_000_000, email: 'xiaoming.wang@example.com', created_at: iso(now - 400 * 86_400_000), updated_at: iso(now), first_name: '小明', last_name: '王', state: 'enabled', note: null, verified_email: true, phone: '+8613812345678', tags: 'vip', currency: 'CNY', admin_graphql_api_id: 'gid://shopify/Customer/6000000000', default_address: { ...address, id: 9_000_000_000, customer_id: 6_000_000_000, default: true } },
    line_items: [1, 2, 3].map(lineItem),
    fulfillments: [{ id: 5_000_000_000, order_id: Number(orderId), status: 'success', created_at: iso(now - 86_400_000), service: 'manual', shipment_status: 'in_transit', tracking_company: 'SF Express', tracking_number: 'SF1400000000001', tracking_numbers: ['SF1400000000001'], tracking_url: 'https://www.sf-express.com/cn/sc/dynamic_function/waybill/#search/bill-number/SF1400000000001', updated_at: iso(now), name: '#1042.1' }],
    refunds: [], shipping_lines: [{ id: 4_000_000_000, carrier_identifier: null, code: 'SF', discounted_price: '12.00', price: '12.00', price_set: money('12.00'), source: 'shopify', title: '顺丰标快', tax_lines: [], discount_allocations: [] }],
  };
}

function ignoredTopic(run: number, i: number, now: number): Delivery {
  const id = ids(run, i);
  return sign('shopify', json(shopifyOrder(id.orderId, now)), { topic: 'orders/updated', deliveryId: `bench-ou-${id.n}` });
}

function quarantined(run: number, i: number, now: number): Delivery {
  const id = ids(run, i);
  // Valid signature, payload that fails the canonical schema (no trackingNumber): quarantined with a reason.
  const { trackingNumber: _t, ...data } = ORDER_SHIPPED.data;
  return sign('standard', json({ ...ORDER_SHIPPED, timestamp: iso(now), data: { ...data, orderId: id.orderId } }));
}

/** The setup deliveries (not counted) and the measured one, for instance `i` of `type`. */
export function scenario(type: WebhookType, runNumber: number, i: number, now = Date.now()): { setup: Delivery[]; measured: Delivery } {
  // Every type gets its own orders and parcels: instance i of one type must not meet instance i of another.
  const run = runNumber * WEBHOOK_TYPES.length + WEBHOOK_TYPES.indexOf(type);
  switch (type) {
    case 'courier_update':
      return { setup: [orderShipped(run, i, now)], measured: courierEvent(run, i, 'InTransit', now - 60_000) };
    case 'courier_exception':
      return { setup: [orderShipped(run, i, now)], measured: courierEvent(run, i, 'Exception', now - 60_000) };
    case 'order_shipped':
      return { setup: [], measured: orderShipped(run, i, now) };
    case 'aftersales_request':
      return { setup: [orderShipped(run, i, now)], measured: returnRequest(run, i, now) };
    case 'aftersales_update':
      return { setup: [orderShipped(run, i, now), returnRequest(run, i, now)], measured: returnApprove(run, i, now) };
    case 'payment_refund':
      return { setup: [orderShipped(run, i, now), returnRequest(run, i, now)], measured: stripeRefund(run, i, now) };
    case 'ignored_topic':
      return { setup: [], measured: ignoredTopic(run, i, now) };
    case 'quarantined':
      return { setup: [], measured: quarantined(run, i, now) };
  }
}
