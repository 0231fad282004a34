import { crc32 } from 'node:zlib';
import * as z from 'zod';
import type { CanonicalBody } from '../../canonical/canonical.ts';
import { assertFresh, requireHeader, requireSecrets } from './verify-helpers.ts';
import { decodeJson } from './decode.ts';
import { verifyRsaSha256 } from '../../platform/signing/rsa.ts';
import { jsonAck, SignatureError, type ProviderAdapter } from './types.ts';

/**
 * PayPal webhooks, verified offline: PAYPAL-TRANSMISSION-SIG is base64 SHA256withRSA over
 * `transmissionId|transmissionTime|webhookId|crc32(raw body)` (decimal). PayPal names its signing
 * certificate in PAYPAL-CERT-URL; we never fetch it (an attacker controls that header: SSRF, and a
 * Lambda without egress could not anyway). The certificate (or its public key) is configured as
 * the provider secret instead, with the webhook id as `WEBHOOK_SECRET_PAYPAL_WEBHOOK_ID`.
 * The transmission time is signed, so the ±300 s replay window applies.
 */
const resource = z.looseObject({
  id: z.string(),
  invoice_id: z.string().nullish(),
  custom_id: z.string().nullish(),
  amount: z.looseObject({ value: z.string(), currency_code: z.string() }).nullish(),
  disputed_transactions: z.array(z.looseObject({ invoice_number: z.string().nullish(), seller_transaction_id: z.string().nullish(), custom: z.string().nullish() })).nullish(),
  dispute_amount: z.looseObject({ value: z.string(), currency_code: z.string() }).nullish(),
  reason: z.string().nullish(),
  status: z.string().nullish(),
  dispute_outcome: z.looseObject({ outcome_code: z.string() }).nullish(),
  create_time: z.string().nullish(),
  update_time: z.string().nullish(),
});
const schema = z.looseObject({ id: z.string(), event_type: z.string(), create_time: z.string(), resource });
type Parsed = z.infer<typeof schema>;

export const paypal: ProviderAdapter<unknown, Parsed> = {
  id: 'paypal',
  kind: 'payment',
  contentTypes: ['application/json'],
  timestamped: true,
  extraSecrets: ['WEBHOOK_ID'],
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
  eventId: (_req, d) => (d as { id?: string })?.id,
  parse: (d) => schema.parse(d),
  normalize(e) {
    const r = e.resource;
    const at = new Date(r.update_time ?? r.create_time ?? e.create_time).toISOString();
    const orderId = r.invoice_id ?? r.custom_id ?? r.disputed_transactions?.[0]?.invoice_number ?? r.disputed_transactions?.[0]?.custom ?? r.disputed_transactions?.[0]?.seller_transaction_id ?? r.id;
    const out = (b: CanonicalBody) => [{ sourceEventType: e.event_type, body: b }];
    switch (e.event_type) {
      case 'CUSTOMER.DISPUTE.CREATED':
        // PayPal's "CHARGEBACK" is a claim stage, not only a card chargeback: any dispute goes to manual review.
        return out({ type: 'aftersale.requested', timestamp: at, data: { orderId, requestId: r.id, type: 'refund_only', reason: `paypal dispute: ${r.reason ?? 'unspecified'}`, dispute: true, platform: 'paypal', amount: r.dispute_amount ? { value: Number(r.dispute_amount.value), currency: r.dispute_amount.currency_code } : undefined } });
      case 'CUSTOMER.DISPUTE.RESOLVED':
        return out({ type: 'aftersale.updated', timestamp: at, data: { orderId, requestId: r.id, status: /SELLER/.test(r.dispute_outcome?.outcome_code ?? '') ? 'dispute_won' : 'dispute_lost', note: r.dispute_outcome?.outcome_code } });
      case 'PAYMENT.CAPTURE.REFUNDED':
        return out({ type: 'aftersale.updated', timestamp: at, data: { orderId, requestId: `refund-${r.id}`, status: 'refunded', amount: r.amount ? { value: Number(r.amount.value), currency: r.amount.currency_code } : undefined } });
      default:
        return [];
    }
  },
  ack: jsonAck,
};
