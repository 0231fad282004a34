import * as z from 'zod/mini';
import '../../platform/zod-locale.ts';
import { lazily } from './lazily.ts';
import type { CanonicalBody } from '../../canonical/canonical.ts';
import { anyMatch, hmac } from '../../platform/signing/crypto.ts';
import { assertFresh, requireHeader, requireSecrets } from './verify-helpers.ts';
import { decodeJson } from './decode.ts';
import { ignore, jsonAck, SignatureError, type IgnoredEvent, type NormalizedEvent, type ProviderAdapter } from './types.ts';

/**
 * Stripe: `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256("t.body", endpoint secret as UTF-8)>`,
 * possibly several v1 entries while a secret rolls. The timestamp is checked both ways (stripe-node
 * only rejects old ones; a future timestamp is as suspicious). Amounts are minor units.
 */
const ZERO_DECIMAL = new Set(['jpy', 'krw', 'vnd', 'clp', 'bif', 'djf', 'gnf', 'kmf', 'mga', 'pyg', 'rwf', 'ugx', 'vuv', 'xaf', 'xof', 'xpf']);
const major = (amount: number, currency: string) => (ZERO_DECIMAL.has(currency.toLowerCase()) ? amount : amount / 100);
const schemas = lazily(() => {
  const meta = z.nullish(z.record(z.string(), z.string()));

  const charge = z.looseObject({ id: z.string(), object: z.literal('charge'), amount_refunded: z.number(), currency: z.string(), payment_intent: z.nullish(z.string()), metadata: meta });
  const dispute = z.looseObject({ id: z.string(), object: z.literal('dispute'), amount: z.number(), currency: z.string(), reason: z.nullish(z.string()), status: z.string(), charge: z.nullish(z.string()), payment_intent: z.nullish(z.string()), metadata: meta, created: z.number() });
  const refund = z.looseObject({ id: z.string(), object: z.literal('refund'), amount: z.number(), currency: z.string(), status: z.nullish(z.string()), charge: z.nullish(z.string()), payment_intent: z.nullish(z.string()), metadata: meta, reason: z.nullish(z.string()), failure_reason: z.nullish(z.string()) });
  /** Only what every event has; the object's shape is checked per type, after dispatch. */
  const envelope = z.looseObject({ id: z.string(), type: z.string(), created: z.number(), data: z.looseObject({ object: z.unknown() }) });
  return { charge, dispute, refund, envelope };
});
type Schemas = ReturnType<typeof schemas>;

/**
 * Event types mapped → the object they carry (stripe-node `Event.Type`). `charge.refund.updated`
 * is how accounts on API versions before 2024-10-28 hear that a card refund failed;
 * `refund.failed` is the newer event for the same thing. Both carry a Refund.
 */
const MAPPED = {
  'charge.dispute.created': 'dispute',
  'charge.dispute.updated': 'dispute',
  'charge.dispute.closed': 'dispute',
  'charge.refunded': 'charge',
  'charge.refund.updated': 'refund',
  'refund.created': 'refund',
  'refund.updated': 'refund',
  'refund.failed': 'refund',
} as const;
export const STRIPE_MAPPED_TYPES = Object.keys(MAPPED);
/** A closed dispute the merchant keeps the money for: won, an inquiry closed without a chargeback, or prevented. */
const MERCHANT_KEEPS = new Set(['won', 'warning_closed', 'prevented']);

type Envelope = z.infer<Schemas['envelope']>;
type Parsed =
  | { e: Envelope; kind: 'dispute'; o: z.infer<Schemas['dispute']> }
  | { e: Envelope; kind: 'charge'; o: z.infer<Schemas['charge']> }
  | { e: Envelope; kind: 'refund'; o: z.infer<Schemas['refund']> };
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
  parse(d): Parsed | IgnoredEvent {
    const e = schemas().envelope.parse(d);
    const kind = MAPPED[e.type as keyof typeof MAPPED];
    if (!kind) return ignore(e.type);
    const o = e.data.object;
    switch (kind) {
      case 'dispute':
        return { e, kind, o: schemas().dispute.parse(o) };
      case 'charge':
        return { e, kind, o: schemas().charge.parse(o) };
      case 'refund':
        return { e, kind, o: schemas().refund.parse(o) };
    }
  },
  normalize(p): NormalizedEvent[] {
    const { e } = p;
    const at = new Date(e.created * 1000).toISOString();
    const out = (b: CanonicalBody): NormalizedEvent[] => [{ sourceEventType: e.type, body: b }];
    switch (p.kind) {
      case 'dispute': {
        const d = p.o;
        const amount = { value: major(d.amount, d.currency), currency: d.currency.toUpperCase() };
        if (e.type === 'charge.dispute.closed') {
          return out({ type: 'aftersale.updated', timestamp: at, data: { orderId: orderOf(d), requestId: d.id, status: MERCHANT_KEEPS.has(d.status) ? 'dispute_won' : 'dispute_lost', note: `dispute ${d.status}` } });
        }
        // created, and updated (ordering is not guaranteed) open or join the one dispute complaint.
        return out({ type: 'aftersale.requested', timestamp: new Date(d.created * 1000).toISOString(), data: { orderId: orderOf(d), requestId: d.id, type: 'refund_only', reason: `chargeback: ${d.reason ?? 'unspecified'}`, amount, dispute: true, platform: 'stripe' } });
      }
      case 'charge': {
        const c = p.o;
        return out({ type: 'aftersale.updated', timestamp: at, data: { orderId: orderOf(c), requestId: `charge-${c.id}`, status: 'refunded', amount: { value: major(c.amount_refunded, c.currency), currency: c.currency.toUpperCase() } } });
      }
      case 'refund': {
        const r = p.o;
        const failed = e.type === 'refund.failed' || r.status === 'failed' || r.status === 'canceled';
        const status = failed ? 'refund_failed' : r.status === 'succeeded' ? 'refunded' : 'processing';
        const note = failed ? `refund ${r.status ?? 'failed'}${r.failure_reason ? `: ${r.failure_reason}` : ''}` : (r.reason ?? undefined);
        return out({ type: 'aftersale.updated', timestamp: at, data: { orderId: orderOf(r), requestId: r.id, status, note, amount: { value: major(r.amount, r.currency), currency: r.currency.toUpperCase() } } });
      }
    }
  },
  ack: jsonAck,
};
