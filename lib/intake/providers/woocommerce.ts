import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import '../../platform/zod-locale.ts';
import { lazily } from './lazily.ts';
import type { NormalizedEvent, ProviderAdapter } from './types.ts';
import { verifyBodyHmac } from './body-hmac.ts';
import { decodeForm, decodeJson } from './decode.ts';
import { ignore, jsonAck, UnreadableBodyError, type IgnoredEvent } from './types.ts';

/**
 * WooCommerce (class-wc-webhook.php): the body is the REST resource, `X-WC-Webhook-Signature` =
 * base64 HMAC-SHA256(raw body, secret). There is no refund topic: a refund arrives as
 * `order.updated` with the order's `refunds` array. The creation ping is an unsigned form body
 * `webhook_id=<id>` that must get a 200. No event id exists (Delivery-ID is per attempt), so the
 * dedup key is the order id + modification time, both inside the signed body: a real change
 * always moves `date_modified_gmt`, a redelivery never does. The topic header is NOT part of the
 * key: it is unsigned, and relabelling a captured `order.updated` as `order.created` must not make
 * it a new delivery. Non-order topics and orders without refunds are understood and ignored.
 */
const schemas = lazily(() => {
  const order = z.looseObject({
    id: z.number(),
    currency: z.string(),
    date_modified_gmt: z.nullish(z.string()),
      billing: z.nullish(z.looseObject({ first_name: z.nullish(z.string()), last_name: z.nullish(z.string()), email: z.nullish(z.string()), phone: z.nullish(z.string()) })),
    refunds: z._default(z.array(z.looseObject({ id: z.number(), reason: z.nullish(z.string()), total: z.string() })), []),
  });
  return { order };
});
type Schemas = ReturnType<typeof schemas>;

type Decoded = { ping: string } | { topic: string; body: unknown };

export const woocommerce: ProviderAdapter<Decoded, { topic: string; order: z.infer<Schemas['order']> }> = {
  id: 'woocommerce',
  kind: 'marketplace',
  contentTypes: ['application/json', 'application/x-www-form-urlencoded'],
  timestamped: false,
  decode(req) {
    if ((req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      const form = decodeForm(req.rawBody);
      if (!form.webhook_id) throw new UnreadableBodyError('form body without webhook_id');
      return { ping: form.webhook_id };
    }
    return { topic: req.headers['x-wc-webhook-topic'] ?? '', body: decodeJson(req.rawBody) };
  },
  handshake: (_req, d) => ('ping' in d ? { status: 200, body: '', contentType: 'text/plain' } : undefined),
  verify: (req, _d, ctx) => verifyBodyHmac(req, ctx.secrets, { header: 'x-wc-webhook-signature', encoding: 'base64' }),
  eventId(req, d) {
    if ('ping' in d) return undefined;
    const b = d.body as { id?: unknown; date_modified_gmt?: unknown };
    if (typeof b?.id !== 'number' || typeof b.date_modified_gmt !== 'string') return undefined;
    if (!d.topic.startsWith('order.')) return undefined;
    return `order:${b.id}:${createHash('sha256').update(b.date_modified_gmt).digest('hex').slice(0, 12)}`;
  },
  parse(d): { topic: string; order: z.infer<Schemas['order']> } | IgnoredEvent {
    if ('ping' in d) return ignore('ping');
    // order.deleted carries only {id}: nothing to refund.
    if (!d.topic.startsWith('order.') || d.topic === 'order.deleted') return ignore(d.topic);
    const refunds = (d.body as { refunds?: unknown })?.refunds;
    if (Array.isArray(refunds) && refunds.length === 0) return ignore(`${d.topic} (no refunds)`);
    return { topic: d.topic, order: schemas().order.parse(d.body) };
  },
  normalize({ topic, order: o }): NormalizedEvent[] {
    const at = o.date_modified_gmt ? `${o.date_modified_gmt.replace(/Z?$/, '')}Z` : new Date().toISOString();
    const customer = o.billing ? { name: [o.billing.first_name, o.billing.last_name].filter(Boolean).join(' ') || undefined, email: o.billing.email || undefined, phone: o.billing.phone || undefined } : undefined;
    // Each refund is its own after-sales request, completed (WooCommerce records refunds once made).
    return o.refunds.flatMap((r) => {
      const requestId = `refund-${r.id}`;
      const amount = { value: Math.abs(Number(r.total)), currency: o.currency };
      return [
        { sourceEventType: topic, body: { type: 'aftersale.requested' as const, timestamp: at, data: { orderId: String(o.id), requestId, type: 'refund_only' as const, reason: r.reason ?? '', amount, customer, platform: 'woocommerce' } } },
        { sourceEventType: topic, body: { type: 'aftersale.updated' as const, timestamp: at, data: { orderId: String(o.id), requestId, status: 'refunded', amount } } },
      ];
    });
  },
  ack: jsonAck,
};
