import * as z from 'zod';
import type { CanonicalBody } from '../../canonical/canonical.ts';
import { anyMatch, hmac } from '../../platform/signing/crypto.ts';
import { assertFresh, requireHeader, requireSecrets } from './verify-helpers.ts';
import { decodeJson } from './decode.ts';
import { jsonAck, SignatureError, type ProviderAdapter } from './types.ts';

/**
 * Stripe: `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256("t.body", endpoint secret as UTF-8)>`,
 * possibly several v1 entries while a secret rolls. The timestamp is checked both ways (stripe-node
 * only rejects old ones; a future timestamp is as suspicious). Amounts are minor units.
 */
const ZERO_DECIMAL = new Set(['jpy', 'krw', 'vnd', 'clp', 'bif', 'djf', 'gnf', 'kmf', 'mga', 'pyg', 'rwf', 'ugx', 'vuv', 'xaf', 'xof', 'xpf']);
const major = (amount: number, currency: string) => (ZERO_DECIMAL.has(currency.toLowerCase()) ? amount : amount / 100);
const meta = z.record(z.string(), z.string()).nullish();

const charge = z.looseObject({ id: z.string(), object: z.literal('charge'), amount_refunded: z.number(), currency: z.string(), payment_intent: z.string().nullish(), metadata: meta, refunded: z.boolean().optional(), billing_details: z.looseObject({ email: z.string().nullish(), phone: z.string().nullish(), name: z.string().nullish() }).nullish() });
const dispute = z.looseObject({ id: z.string(), object: z.literal('dispute'), amount: z.number(), currency: z.string(), reason: z.string(), status: z.string(), charge: z.string().nullish(), payment_intent: z.string().nullish(), metadata: meta, created: z.number() });
const refund = z.looseObject({ id: z.string(), object: z.literal('refund'), amount: z.number(), currency: z.string(), status: z.string().nullish(), charge: z.string().nullish(), payment_intent: z.string().nullish(), metadata: meta, reason: z.string().nullish() });
const schema = z.looseObject({ id: z.string(), type: z.string(), created: z.number(), data: z.looseObject({ object: z.looseObject({ object: z.string() }) }) });

type Parsed = z.infer<typeof schema>;
const orderOf = (o: { metadata?: Record<string, string> | null; payment_intent?: string | null; charge?: string | null; id: string }) =>
  o.metadata?.order_id ?? o.metadata?.orderId ?? o.payment_intent ?? o.charge ?? o.id;

export const stripe: ProviderAdapter<unknown, Parsed> = {
  id: 'stripe',
  kind: 'payment',
  contentTypes: ['application/json'],
  timestamped: true,
  decode: (req) => decodeJson(req.rawBody),
  verify(req, _d, ctx) {
    const header = requireHeader(req.headers, 'stripe-signature');
    const parts = header.split(',').map((p) => p.split('=') as [string, string]);
    const t = parts.find(([k]) => k === 't')?.[1];
    const v1 = parts.filter(([k, v]) => k === 'v1' && v).map(([, v]) => Buffer.from(v, 'hex'));
    if (!t || !/^\d{1,12}$/.test(t) || v1.length === 0) throw new SignatureError('malformed stripe-signature');
    assertFresh(Number(t), ctx.now, ctx.toleranceSeconds);
    const signed = Buffer.concat([Buffer.from(`${t}.`), req.rawBody]);
    if (!anyMatch(requireSecrets(ctx.secrets).map((s) => hmac('sha256', s, signed)), v1)) throw new SignatureError('no v1 signature matches');
  },
  eventId: (_req, d) => (d as { id?: string })?.id,
  parse: (d) => schema.parse(d),
  normalize(e) {
    const at = new Date(e.created * 1000).toISOString();
    const out = (b: CanonicalBody) => [{ sourceEventType: e.type, body: b }];
    const o = e.data.object;
    switch (e.type) {
      case 'charge.dispute.created': {
        const d = dispute.parse(o);
        return out({ type: 'aftersale.requested', timestamp: new Date(d.created * 1000).toISOString(), data: { orderId: orderOf(d), requestId: d.id, type: 'refund_only', reason: `chargeback: ${d.reason}`, amount: { value: major(d.amount, d.currency), currency: d.currency.toUpperCase() }, dispute: true, platform: 'stripe' } });
      }
      case 'charge.dispute.closed': {
        const d = dispute.parse(o);
        return out({ type: 'aftersale.updated', timestamp: at, data: { orderId: orderOf(d), requestId: d.id, status: d.status === 'won' ? 'dispute_won' : 'dispute_lost', note: `dispute ${d.status}` } });
      }
      case 'charge.refunded': {
        const c = charge.parse(o);
        return out({ type: 'aftersale.updated', timestamp: at, data: { orderId: orderOf(c), requestId: `charge-${c.id}`, status: 'refunded', amount: { value: major(c.amount_refunded, c.currency), currency: c.currency.toUpperCase() } } });
      }
      case 'refund.created':
      case 'refund.updated': {
        const r = refund.parse(o);
        const status = r.status === 'succeeded' ? 'refunded' : r.status === 'failed' || r.status === 'canceled' ? 'refund_failed' : 'processing';
        return out({ type: 'aftersale.updated', timestamp: at, data: { orderId: orderOf(r), requestId: r.id, status, note: r.reason ?? undefined, amount: { value: major(r.amount, r.currency), currency: r.currency.toUpperCase() } } });
      }
      default:
        return [];
    }
  },
  ack: jsonAck,
};
