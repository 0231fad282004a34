import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import '../../platform/zod-locale.ts';
import { lazily } from './lazily.ts';
import type { CanonicalBody, TrackingStatus } from '../../canonical/canonical.ts';
import { verifyBodyHmac } from './body-hmac.ts';
import { decodeJsonBigIntSafe } from './decode.ts';
import { ignore, jsonAck, type IgnoredEvent, type NormalizedEvent, type ProviderAdapter } from './types.ts';

/**
 * Shopify webhooks (shopify.dev, HTTPS delivery): the body is the resource itself, the topic is in
 * `X-Shopify-Topic`, and `X-Shopify-Hmac-Sha256` = base64 HMAC-SHA256(raw body, app secret). The
 * newer "Events" webhooks send the same under un-prefixed `shopify-*` headers. 64-bit ids are
 * parsed losslessly.
 *
 * Dedup: the HMAC covers the body and nothing else, so `X-Shopify-Event-Id` (unsigned) cannot be
 * the key: a captured delivery replayed with fresh ids would look new. The key is topic + SHA-256
 * of the body. Shopify's own duplicates (retries, several subscriptions to one event) carry the
 * original payload byte for byte, so they collapse onto the same key, as the event id would.
 * The topic is unsigned too; it is part of the key so one body is never mistaken for another
 * topic's, and relabelling a body only makes it parse against a schema it does not fit.
 */
const schemas = lazily(() => {
  const id = z.pipe(z.union([z.string(), z.number()]), z.transform(String));
  const money = z.pipe(z.union([z.string(), z.number()]), z.transform(Number));
  const shopMoney = z.nullish(z.looseObject({ shop_money: z.nullish(z.looseObject({ amount: money, currency_code: z.string() })) }));

  const refund = z.looseObject({
    id,
    order_id: id,
    created_at: z.string(),
    note: z.nullish(z.string()),
    // Shopify's own example has `currency: null` on transactions: the currency is the shop's.
    transactions: z.nullish(z.array(z.looseObject({ kind: z.nullish(z.string()), status: z.nullish(z.string()), amount: z.nullish(money), currency: z.nullish(z.string()) }))),
    refund_line_items: z.nullish(z.array(z.looseObject({ subtotal_set: shopMoney }))),
  });
  const lineItem = z.looseObject({ return_reason: z.nullish(z.string()), return_reason_note: z.nullish(z.string()), customer_note: z.nullish(z.string()) });
  /** Returns topics: `returns/request` nests `order {id}`; close/cancel/approve... carry `order_id` at the top. */
  const returnEvent = z.looseObject({ id, status: z.nullish(z.string()), order: z.nullish(z.looseObject({ id })), order_id: z.nullish(id), created_at: z.nullish(z.string()), return_line_items: z.nullish(z.array(lineItem)) }).check(
    z.refine((r) => r.order?.id ?? r.order_id, { message: 'return names no order (order.id or order_id)', path: ['order_id'] }),
  );
  const dispute = z.looseObject({ id, order_id: z.nullish(id), type: z.nullish(z.string()), amount: money, currency: z.string(), reason: z.nullish(z.string()), status: z.string(), initiated_at: z.string(), finalized_on: z.nullish(z.string()) });
  const fulfillmentEvent = z.looseObject({ id, order_id: id, status: z.string(), message: z.nullish(z.string()), happened_at: z.string(), city: z.nullish(z.string()), country: z.nullish(z.string()), fulfillment_id: z.nullish(id) });
  return { refund, returnEvent, dispute, fulfillmentEvent };
});
type Schemas = ReturnType<typeof schemas>;

/** Topic → what the return topics mean for the request (`returns/request` opens it). */
const RETURN_STATUS = {
  'returns/approve': 'approved',
  'returns/decline': 'rejected',
  'returns/close': 'closed',
  'returns/cancel': 'cancelled',
} as const;
const TOPICS = ['refunds/create', 'returns/request', 'returns/approve', 'returns/decline', 'returns/close', 'returns/cancel', 'disputes/create', 'disputes/update', 'fulfillment_events/create'] as const;
export const SHOPIFY_MAPPED_TOPICS: readonly string[] = TOPICS;
type Topic = (typeof TOPICS)[number];

/** Shopify's FulfillmentEventStatus → canonical tracking status. */
const TRACKING: Record<string, TrackingStatus> = {
  label_printed: 'info_received', label_purchased: 'info_received', confirmed: 'info_received', ready_for_pickup: 'available_for_pickup',
  carrier_picked_up: 'in_transit', picked_up: 'in_transit', in_transit: 'in_transit', delayed: 'exception', out_for_delivery: 'out_for_delivery',
  attempted_delivery: 'failed_attempt', delivered: 'delivered', failure: 'exception', returning_to_sender: 'returned', ready_for_recipient_pickup: 'available_for_pickup',
  buyer_action_required: 'exception',
};

const topicOf = (h: Readonly<Record<string, string>>) => h['x-shopify-topic'] ?? h['shopify-topic'] ?? '';
const iso = (s: string) => new Date(s).toISOString();

type Parsed =
  | { topic: 'refunds/create'; r: z.infer<Schemas['refund']> }
  | { topic: 'returns/request' | 'returns/approve' | 'returns/decline' | 'returns/close' | 'returns/cancel'; r: z.infer<Schemas['returnEvent']> }
  | { topic: 'disputes/create' | 'disputes/update'; d: z.infer<Schemas['dispute']> }
  | { topic: 'fulfillment_events/create'; f: z.infer<Schemas['fulfillmentEvent']> };

export const shopify: ProviderAdapter<{ topic: string; body: unknown }, Parsed> = {
  id: 'shopify',
  kind: 'marketplace',
  contentTypes: ['application/json'],
  timestamped: false,
  decode: (req) => ({ topic: topicOf(req.headers), body: decodeJsonBigIntSafe(req.rawBody) }),
  verify: (req, _d, ctx) => verifyBodyHmac(req, ctx.secrets, { header: ['x-shopify-hmac-sha256', 'shopify-hmac-sha256'], encoding: 'base64' }),
  eventId: (req) => `${topicOf(req.headers).slice(0, 60) || 'unknown'}:${createHash('sha256').update(req.rawBody).digest('hex')}`,
  parse({ topic, body }): Parsed | IgnoredEvent {
    if (!(TOPICS as readonly string[]).includes(topic)) return ignore(topic);
    const t = topic as Topic;
    switch (t) {
      case 'refunds/create':
        return { topic: t, r: schemas().refund.parse(body) };
      case 'disputes/create':
      case 'disputes/update':
        return { topic: t, d: schemas().dispute.parse(body) };
      case 'fulfillment_events/create':
        return { topic: t, f: schemas().fulfillmentEvent.parse(body) };
      default:
        return { topic: t, r: schemas().returnEvent.parse(body) };
    }
  },
  normalize(p): NormalizedEvent[] {
    const out = (b: CanonicalBody): NormalizedEvent[] => [{ sourceEventType: p.topic, body: b }];
    switch (p.topic) {
      case 'refunds/create': {
        const r = p.r;
        const paid = (r.transactions ?? []).filter((t) => t.kind === 'refund' && t.status === 'success');
        const value = paid.reduce((a, t) => a + (t.amount ?? 0), 0);
        const currency = paid.find((t) => t.currency)?.currency ?? r.refund_line_items?.find((l) => l.subtotal_set?.shop_money)?.subtotal_set?.shop_money?.currency_code;
        // A refund without a successful refund transaction has not moved money yet (restock-only, pending gateway).
        return out({ type: 'aftersale.updated', timestamp: iso(r.created_at), data: { orderId: r.order_id, requestId: `refund-${r.id}`, status: paid.length ? 'refunded' : 'processing', note: r.note ?? undefined, ...(paid.length && currency ? { amount: { value, currency } } : {}) } });
      }
      case 'returns/request': {
        const r = p.r;
        const reason = (r.return_line_items ?? []).map((l) => [l.return_reason, l.return_reason_note || l.customer_note].filter(Boolean).join(': ')).filter(Boolean).join('; ');
        return out({ type: 'aftersale.requested', timestamp: iso(r.created_at ?? new Date().toISOString()), data: { orderId: (r.order?.id ?? r.order_id)!, requestId: `return-${r.id}`, type: 'return_refund', reason, platform: 'shopify', orderShipped: true } });
      }
      case 'returns/approve':
      case 'returns/decline':
      case 'returns/close':
      case 'returns/cancel': {
        const r = p.r;
        return out({ type: 'aftersale.updated', timestamp: new Date().toISOString(), data: { orderId: (r.order?.id ?? r.order_id)!, requestId: `return-${r.id}`, status: RETURN_STATUS[p.topic] } });
      }
      case 'disputes/create':
      case 'disputes/update': {
        const d = p.d;
        if (!d.order_id) return []; // a dispute on a payment without an order: nothing for after-sales
        if (['won', 'lost', 'accepted'].includes(d.status)) {
          return out({ type: 'aftersale.updated', timestamp: iso(d.finalized_on ?? d.initiated_at), data: { orderId: d.order_id, requestId: `dispute-${d.id}`, status: d.status === 'won' ? 'dispute_won' : 'dispute_lost' } });
        }
        return out({ type: 'aftersale.requested', timestamp: iso(d.initiated_at), data: { orderId: d.order_id, requestId: `dispute-${d.id}`, type: 'refund_only', reason: `${d.type ?? 'dispute'}: ${d.reason ?? 'no reason given'}`, amount: { value: d.amount, currency: d.currency }, dispute: true, platform: 'shopify' } });
      }
      case 'fulfillment_events/create': {
        const f = p.f;
        return out({
          type: 'tracking.updated',
          timestamp: iso(f.happened_at),
          data: { carrier: 'shopify-fulfillment', trackingNumber: `shopify-${f.fulfillment_id ?? f.id}`, status: TRACKING[f.status] ?? 'unknown', occurredAt: iso(f.happened_at), location: [f.city, f.country].filter(Boolean).join(', ') || undefined, description: f.message ?? undefined, orderId: f.order_id },
        });
      }
    }
  },
  ack: jsonAck,
};
