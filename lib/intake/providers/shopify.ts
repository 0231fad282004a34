import * as z from 'zod';
import type { CanonicalBody, TrackingStatus } from '../../canonical/canonical.ts';
import { verifyBodyHmac } from './body-hmac.ts';
import { decodeJsonBigIntSafe } from './decode.ts';
import { jsonAck, type NormalizedEvent, type ProviderAdapter } from './types.ts';

/**
 * Shopify webhooks (shopify.dev, HTTPS delivery): the body is the resource itself, the topic is in
 * `X-Shopify-Topic`, and `X-Shopify-Hmac-Sha256` = base64 HMAC-SHA256(raw body, app secret). The
 * newer "Events" webhooks send the same under un-prefixed `shopify-*` headers. No timestamp is
 * signed, so replay protection is the dedup on `X-Shopify-Event-Id` (kept 30 days; Shopify retries
 * for 4 h). 64-bit ids are parsed losslessly.
 */
const id = z.union([z.string(), z.number()]).transform(String);
const money = z.union([z.string(), z.number()]).transform(Number);

const refund = z.looseObject({
  id,
  order_id: id,
  created_at: z.string(),
  note: z.string().nullish(),
  transactions: z.array(z.looseObject({ kind: z.string().optional(), status: z.string().optional(), amount: money.optional(), currency: z.string().optional() })).default([]),
});
const returnRequest = z.looseObject({ id, status: z.string().optional(), order: z.looseObject({ id }), created_at: z.string().optional(), return_line_items: z.array(z.looseObject({ return_reason: z.string().optional(), customer_note: z.string().nullish() })).default([]) });
const dispute = z.looseObject({ id, order_id: id.nullish(), type: z.string(), amount: money, currency: z.string(), reason: z.string().nullish(), status: z.string(), initiated_at: z.string() });
const fulfillmentEvent = z.looseObject({ id, order_id: id, status: z.string(), message: z.string().nullish(), happened_at: z.string(), city: z.string().nullish(), country: z.string().nullish(), fulfillment_id: id.optional() });

const TOPICS = {
  'refunds/create': refund,
  'returns/request': returnRequest,
  'returns/approve': returnRequest,
  'returns/decline': returnRequest,
  'returns/close': returnRequest,
  'disputes/create': dispute,
  'disputes/update': dispute,
  'fulfillment_events/create': fulfillmentEvent,
} as const;
type Topic = keyof typeof TOPICS;

/** Shopify's FulfillmentEventStatus → canonical tracking status. */
const TRACKING: Record<string, TrackingStatus> = {
  label_printed: 'info_received', label_purchased: 'info_received', confirmed: 'info_received', ready_for_pickup: 'available_for_pickup',
  carrier_picked_up: 'in_transit', picked_up: 'in_transit', in_transit: 'in_transit', delayed: 'exception', out_for_delivery: 'out_for_delivery',
  attempted_delivery: 'failed_attempt', delivered: 'delivered', failure: 'exception', returning_to_sender: 'returned', ready_for_recipient_pickup: 'available_for_pickup',
};

const topicOf = (h: Readonly<Record<string, string>>) => h['x-shopify-topic'] ?? h['shopify-topic'] ?? '';
const iso = (s: string) => new Date(s).toISOString();

type Parsed = { topic: Topic | 'other'; body: unknown; name: string };

export const shopify: ProviderAdapter<unknown, Parsed> = {
  id: 'shopify',
  kind: 'marketplace',
  contentTypes: ['application/json'],
  timestamped: false,
  decode: (req) => ({ topic: topicOf(req.headers), body: decodeJsonBigIntSafe(req.rawBody) }),
  verify: (req, _d, ctx) => verifyBodyHmac(req, ctx.secrets, { header: ['x-shopify-hmac-sha256', 'shopify-hmac-sha256'], encoding: 'base64' }),
  eventId: (req) => req.headers['x-shopify-event-id'] ?? req.headers['shopify-event-id'] ?? req.headers['x-shopify-webhook-id'] ?? req.headers['shopify-webhook-id'],
  parse(decoded) {
    const { topic, body } = decoded as { topic: string; body: unknown };
    // Topics we do not subscribe to for after-sales are understood as "nothing to do", not quarantined.
    if (!(topic in TOPICS)) return { topic: 'other', body, name: topic || 'unknown' };
    return { topic: topic as Topic, body: TOPICS[topic as Topic].parse(body), name: topic };
  },
  normalize({ topic, body, name }): NormalizedEvent[] {
    const out = (b: CanonicalBody): NormalizedEvent[] => [{ sourceEventType: name, body: b }];
    switch (topic) {
      case 'refunds/create': {
        const r = body as z.infer<typeof refund>;
        const paid = r.transactions.filter((t) => t.kind === 'refund' && t.status === 'success');
        const value = paid.reduce((a, t) => a + (t.amount ?? 0), 0);
        return out({ type: 'aftersale.updated', timestamp: iso(r.created_at), data: { orderId: r.order_id, requestId: `refund-${r.id}`, status: paid.length ? 'refunded' : 'processing', note: r.note ?? undefined, ...(paid.length ? { amount: { value, currency: paid[0]!.currency ?? 'USD' } } : {}) } });
      }
      case 'returns/request': {
        const r = body as z.infer<typeof returnRequest>;
        const reason = r.return_line_items.map((l) => [l.return_reason, l.customer_note].filter(Boolean).join(': ')).filter(Boolean).join('; ');
        return out({ type: 'aftersale.requested', timestamp: iso(r.created_at ?? new Date().toISOString()), data: { orderId: r.order.id, requestId: `return-${r.id}`, type: 'return_refund', reason, platform: 'shopify', orderShipped: true } });
      }
      case 'returns/approve':
      case 'returns/decline':
      case 'returns/close': {
        const r = body as z.infer<typeof returnRequest>;
        const status = topic === 'returns/approve' ? 'approved' : topic === 'returns/decline' ? 'rejected' : 'closed';
        return out({ type: 'aftersale.updated', timestamp: new Date().toISOString(), data: { orderId: r.order.id, requestId: `return-${r.id}`, status } });
      }
      case 'disputes/create':
      case 'disputes/update': {
        const d = body as z.infer<typeof dispute>;
        if (!d.order_id) return [];
        if (topic === 'disputes/update' && ['won', 'lost', 'accepted'].includes(d.status)) {
          return out({ type: 'aftersale.updated', timestamp: iso(d.initiated_at), data: { orderId: d.order_id, requestId: `dispute-${d.id}`, status: d.status === 'won' ? 'dispute_won' : 'dispute_lost' } });
        }
        return out({ type: 'aftersale.requested', timestamp: iso(d.initiated_at), data: { orderId: d.order_id, requestId: `dispute-${d.id}`, type: 'refund_only', reason: `${d.type}: ${d.reason ?? 'no reason given'}`, amount: { value: d.amount, currency: d.currency }, dispute: true, platform: 'shopify' } });
      }
      case 'fulfillment_events/create': {
        const f = body as z.infer<typeof fulfillmentEvent>;
        return out({
          type: 'tracking.updated',
          timestamp: iso(f.happened_at),
          data: { carrier: 'shopify-fulfillment', trackingNumber: `shopify-${f.fulfillment_id ?? f.id}`, status: TRACKING[f.status] ?? 'unknown', occurredAt: iso(f.happened_at), location: [f.city, f.country].filter(Boolean).join(', ') || undefined, description: f.message ?? undefined, orderId: f.order_id },
        });
      }
      default:
        return [];
    }
  },
  ack: jsonAck,
};
