import { crc32 } from 'node:zlib';
import * as z from 'zod/mini';
import '../../platform/zod-locale.ts';
import { lazily } from './lazily.ts';
import type { CanonicalBody } from '../../canonical/canonical.ts';
import { assertFresh, requireHeader, requireSecrets } from './verify-helpers.ts';
import { decodeJson } from './decode.ts';
import { verifyRsaSha256 } from '../../platform/signing/rsa.ts';
import { ignore, jsonAck, SignatureError, type IgnoredEvent, type NormalizedEvent, type ProviderAdapter } from './types.ts';

/**
 * PayPal webhooks, verified offline: PAYPAL-TRANSMISSION-SIG is base64 SHA256withRSA over
 * `transmissionId|transmissionTime|webhookId|crc32(raw body)` (decimal). PayPal names its signing
 * certificate in PAYPAL-CERT-URL; we never fetch it (an attacker controls that header: SSRF, and a
 * Lambda without egress could not anyway). The certificate (or its public key) is configured as
 * the provider secret instead, with the webhook id as `WEBHOOK_SECRET_PAYPAL_WEBHOOK_ID`.
 * The transmission time is signed, so the ±300 s replay window applies.
 *
 * CRC32 does not bind the body (it is affine: a second body with the same CRC32 is cheap), so the
 * dedup key is the SIGNED transmission id, not the body's `id` (which a forger chooses), and a
 * transmission id seen with another body is refused (`weakBodyBinding`). Deployed, PayPal's
 * verify-webhook-signature API confirms each event (paypal-event-confirmer.ts).
 *
 * Two API generations deliver after-sales events (developer.paypal.com/api/rest/webhooks/event-names):
 * - Payments v2: `PAYMENT.CAPTURE.REFUNDED/REVERSED`, resource = a v2 Refund, `amount {value, currency_code}`;
 * - Payments v1: `PAYMENT.SALE.REFUNDED/REVERSED`, resource = a v1 Refund, `amount {total, currency}`, negative totals;
 * - Disputes (v1 Disputes API): `CUSTOMER.DISPUTE.CREATED/UPDATED/RESOLVED`, the dispute is named `dispute_id`.
 * The event type is read first; only the shape its mapping reads is then required.
 */
const schemas = lazily(() => {
  const envelope = z.looseObject({ id: z.optional(z.string()), event_type: z.string(), create_time: z.optional(z.string()), resource: z.unknown() });

  const v2Money = z.looseObject({ value: z.string(), currency_code: z.string() });
  const v1Money = z.looseObject({ total: z.string(), currency: z.string() });
  const link = z.looseObject({ href: z.string(), rel: z.string() });

  const captureRefund = z.looseObject({
    id: z.string(),
    amount: z.nullish(v2Money),
    invoice_id: z.nullish(z.string()),
    custom_id: z.nullish(z.string()),
    status: z.nullish(z.string()),
    note_to_payer: z.nullish(z.string()),
    create_time: z.nullish(z.string()),
    update_time: z.nullish(z.string()),
    links: z.nullish(z.array(link)),
  });
  const saleRefund = z.looseObject({
    id: z.string(),
    amount: z.nullish(v1Money),
    sale_id: z.nullish(z.string()),
    parent_payment: z.nullish(z.string()),
    invoice_number: z.nullish(z.string()),
    custom: z.nullish(z.string()),
    reason: z.nullish(z.string()),
    create_time: z.nullish(z.string()),
    update_time: z.nullish(z.string()),
  });
  const disputedTransaction = z.looseObject({
    invoice_number: z.nullish(z.string()),
    custom: z.nullish(z.string()),
    seller_transaction_id: z.nullish(z.string()),
    buyer_transaction_id: z.nullish(z.string()),
  });
  const dispute = z.looseObject({
    dispute_id: z.string(),
    disputed_transactions: z.nullish(z.array(disputedTransaction)),
    dispute_amount: z.nullish(v2Money),
    reason: z.nullish(z.string()),
    status: z.nullish(z.string()),
    dispute_life_cycle_stage: z.nullish(z.string()),
    dispute_outcome: z.nullish(z.looseObject({ outcome_code: z.nullish(z.string()), amount_refunded: z.nullish(v2Money) })),
    create_time: z.nullish(z.string()),
    update_time: z.nullish(z.string()),
  });
  return { envelope, captureRefund, saleRefund, dispute };
});
type Schemas = ReturnType<typeof schemas>;

type Envelope = z.infer<Schemas['envelope']>;
type Parsed =
  | { kind: 'capture-refund'; e: Envelope; r: z.infer<Schemas['captureRefund']> }
  | { kind: 'sale-refund'; e: Envelope; r: z.infer<Schemas['saleRefund']> }
  | { kind: 'dispute'; e: Envelope; d: z.infer<Schemas['dispute']> };

/** Event type → which resource shape its mapping reads. */
const MAPPED: Record<string, Parsed['kind']> = {
  'PAYMENT.CAPTURE.REFUNDED': 'capture-refund',
  'PAYMENT.CAPTURE.REVERSED': 'capture-refund',
  'PAYMENT.SALE.REFUNDED': 'sale-refund',
  'PAYMENT.SALE.REVERSED': 'sale-refund',
  'CUSTOMER.DISPUTE.CREATED': 'dispute',
  'CUSTOMER.DISPUTE.UPDATED': 'dispute',
  'CUSTOMER.DISPUTE.RESOLVED': 'dispute',
};
export const PAYPAL_MAPPED_TYPES = Object.keys(MAPPED);

/**
 * Dispute outcomes (Disputes API `dispute_outcome.outcome_code`): the seller keeps the money when
 * the case went its way or the buyer withdrew it; anything that refunded the buyer is lost.
 */
const SELLER_WINS = new Set(['RESOLVED_SELLER_FAVOUR', 'CANCELED_BY_BUYER', 'DENIED']);

const iso = (...candidates: (string | null | undefined)[]) => new Date(candidates.find((c) => c && !Number.isNaN(Date.parse(c))) ?? Date.now()).toISOString();
const v2Amount = (m?: { value: string; currency_code: string } | null) => (m ? { value: Math.abs(Number(m.value)), currency: m.currency_code } : undefined);
/** The capture a v2 refund belongs to: its `up` link (`/v2/payments/captures/<id>`). */
const captureOf = (links?: { href: string; rel: string }[] | null) => links?.find((l) => l.rel === 'up')?.href.match(/\/captures\/([^/?#]+)/)?.[1];
/** The order a dispute names: the shop's invoice number or custom field, else PayPal's transaction id. */
const disputeOrder = (d: z.infer<Schemas['dispute']>) => {
  const t = d.disputed_transactions?.[0];
  return t?.invoice_number ?? t?.custom ?? t?.seller_transaction_id ?? t?.buyer_transaction_id ?? d.dispute_id;
};

export const paypal: ProviderAdapter<unknown, Parsed> = {
  id: 'paypal',
  kind: 'payment',
  contentTypes: ['application/json'],
  timestamped: true,
  weakBodyBinding: true,
  extraSecrets: ['WEBHOOK_ID', 'CLIENT_ID', 'CLIENT_SECRET'],
  decode: (req) => decodeJson(req.rawBody),
  verify(req, _d, ctx) {
    const id = requireHeader(req.headers, 'paypal-transmission-id');
    const time = requireHeader(req.headers, 'paypal-transmission-time');
    const sig = requireHeader(req.headers, 'paypal-transmission-sig');
    const algo = req.headers['paypal-auth-algo'];
    if (algo && algo !== 'SHA256withRSA') throw new SignatureError('unsupported paypal-auth-algo');
    const webhookId = ctx.extra.WEBHOOK_ID;
    if (!webhookId) throw new SignatureError('no PayPal webhook id configured');
    assertFresh(Date.parse(time) / 1000, ctx.now, ctx.toleranceSeconds);
    if (!verifyRsaSha256(`${id}|${time}|${webhookId}|${crc32(req.rawBody) >>> 0}`, sig, requireSecrets(ctx.secrets))) throw new SignatureError('paypal-transmission-sig does not verify');
  },
  // The transmission id is inside the signed string; the body's `id` is only as strong as CRC32.
  eventId: (req) => req.headers['paypal-transmission-id'],
  eventKey: (_req, d) => {
    const id = (d as { id?: unknown })?.id;
    return typeof id === 'string' ? id : undefined;
  },
  parse(d): Parsed | IgnoredEvent {
    const e = schemas().envelope.parse(d);
    const kind = MAPPED[e.event_type];
    if (!kind) return ignore(e.event_type);
    switch (kind) {
      case 'capture-refund':
        return { kind, e, r: schemas().captureRefund.parse(e.resource) };
      case 'sale-refund':
        return { kind, e, r: schemas().saleRefund.parse(e.resource) };
      case 'dispute':
        return { kind, e, d: schemas().dispute.parse(e.resource) };
    }
  },
  normalize(p): NormalizedEvent[] {
    const type = p.e.event_type;
    const out = (b: CanonicalBody): NormalizedEvent[] => [{ sourceEventType: type, body: b }];
    const reversed = type.endsWith('.REVERSED');
    switch (p.kind) {
      case 'capture-refund': {
        const r = p.r;
        const at = iso(r.update_time, r.create_time, p.e.create_time);
        const orderId = r.invoice_id ?? r.custom_id ?? captureOf(r.links) ?? r.id;
        // A refund that is not COMPLETED (PENDING, FAILED, CANCELLED) has not paid the buyer yet.
        const status = reversed ? 'refunded' : !r.status || r.status === 'COMPLETED' ? 'refunded' : r.status === 'PENDING' ? 'processing' : 'refund_failed';
        return out({ type: 'aftersale.updated', timestamp: at, data: { orderId, requestId: `refund-${r.id}`, status, note: reversed ? 'payment reversed by PayPal' : (r.note_to_payer ?? undefined), amount: v2Amount(r.amount) } });
      }
      case 'sale-refund': {
        const r = p.r;
        const at = iso(r.update_time, r.create_time, p.e.create_time);
        const orderId = r.invoice_number ?? r.custom ?? r.parent_payment ?? r.sale_id ?? r.id;
        // v1 totals are negative on refunds and reversals ("-0.01"): the money moved back.
        const amount = r.amount ? { value: Math.abs(Number(r.amount.total)), currency: r.amount.currency } : undefined;
        return out({ type: 'aftersale.updated', timestamp: at, data: { orderId, requestId: `refund-${r.id}`, status: 'refunded', note: reversed ? 'sale reversed by PayPal' : (r.reason ?? undefined), amount } });
      }
      case 'dispute': {
        const d = p.d;
        const at = iso(d.update_time, d.create_time, p.e.create_time);
        const orderId = disputeOrder(d);
        const outcome = d.dispute_outcome?.outcome_code ?? undefined;
        if (type === 'CUSTOMER.DISPUTE.RESOLVED' || (outcome && d.status === 'RESOLVED')) {
          const status = outcome ? (SELLER_WINS.has(outcome) ? 'dispute_won' : 'dispute_lost') : 'closed';
          return out({ type: 'aftersale.updated', timestamp: at, data: { orderId, requestId: d.dispute_id, status, note: outcome, amount: v2Amount(d.dispute_outcome?.amount_refunded) } });
        }
        // CREATED, and UPDATED (which can arrive first: ordering is not guaranteed) open or join
        // the one dispute complaint for this case; PayPal's "CHARGEBACK" stage is a claim stage,
        // not only a card chargeback, so every dispute goes to manual review.
        const stage = d.dispute_life_cycle_stage ? ` (${d.dispute_life_cycle_stage.toLowerCase()})` : '';
        return out({ type: 'aftersale.requested', timestamp: iso(d.create_time, p.e.create_time), data: { orderId, requestId: d.dispute_id, type: 'refund_only', reason: `paypal dispute${stage}: ${d.reason ?? 'unspecified'}`, dispute: true, platform: 'paypal', amount: v2Amount(d.dispute_amount) } });
      }
    }
  },
  ack: jsonAck,
};
