import * as z from 'zod/mini';
import '../../platform/zod-locale.ts';
import { lazily } from './lazily.ts';
import { requireSecrets } from './verify-helpers.ts';
import { decodeForm } from './decode.ts';
import { verifyRsaSha256 } from '../../platform/signing/rsa.ts';
import { chinaTime } from './china-time.ts';
import { ignore, SignatureError, type AckResponse, type IgnoredEvent, type ProviderAdapter } from './types.ts';

/**
 * 支付宝 asynchronous notification (form POST). `sign` (sign_type RSA2 = SHA256withRSA) covers every
 * other non-empty field except `sign` and `sign_type`, sorted by name, joined `k=v&...` with values
 * URL-decoded once — what `checkNotifySignV2` does. Verified with Alipay's public key.
 * `notify_time` is signed, but Alipay re-sends the SAME notification (same notify_id and time) for
 * ~25 h until it reads `success`, so a 300 s window would reject its own retries: replay is handled
 * by the dedup on `notify_id` instead.
 * Refunds: a partial refund arrives as TRADE_SUCCESS with `refund_fee`; a full one as TRADE_CLOSED
 * with `refund_fee`. The type is read first: a notification with `refund_fee` (or `gmt_refund`) is
 * a refund and mapped; every other one (payment success, an unpaid trade closed by timeout —
 * TRADE_CLOSED without refund fields —, TRADE_FINISHED) is understood and ignored.
 */
const schemas = lazily(() => {
  const refundNotice = z.looseObject({
    notify_id: z.string(),
    notify_time: z.string(),
    out_trade_no: z.string(),
    trade_no: z.optional(z.string()),
    trade_status: z.optional(z.string()),
    total_amount: z.optional(z.string()),
    refund_fee: z.string(),
    gmt_refund: z.optional(z.string()),
    out_biz_no: z.optional(z.string()),
  });
  return { refundNotice };
});
type Schemas = ReturnType<typeof schemas>;
type Parsed = z.infer<Schemas['refundNotice']>;
const ACK: AckResponse = { status: 200, body: 'success', contentType: 'text/plain' };

/** The exact string Alipay signed. */
export function alipaySigningString(fields: Record<string, string>): string {
  return Object.keys(fields)
    .filter((k) => k !== 'sign' && k !== 'sign_type' && fields[k] !== '')
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('&');
}


export const alipay: ProviderAdapter<Record<string, string>, Parsed> = {
  id: 'alipay',
  kind: 'payment',
  contentTypes: ['application/x-www-form-urlencoded'],
  timestamped: false,
  decode: (req) => decodeForm(req.rawBody),
  verify(_req, fields, ctx) {
    if (!fields.sign) throw new SignatureError('missing sign field');
    if (fields.sign_type && fields.sign_type !== 'RSA2') throw new SignatureError('only sign_type RSA2 is accepted');
    if (!verifyRsaSha256(alipaySigningString(fields), fields.sign, requireSecrets(ctx.secrets))) throw new SignatureError('sign does not verify');
  },
  eventId: (_req, f) => f.notify_id,
  parse(f): Parsed | IgnoredEvent {
    const type = `${f.notify_type ?? 'notify'}.${f.trade_status ?? 'unknown'}`;
    if (f.refund_fee === undefined && f.gmt_refund === undefined) return ignore(type);
    return schemas().refundNotice.parse(f);
  },
  normalize(n) {
    const at = chinaTime(n.gmt_refund?.slice(0, 19) ?? n.notify_time);
    const value = Number(n.refund_fee);
    return [
      {
        sourceEventType: `trade_status.${n.trade_status ?? 'unknown'}`,
        body: { type: 'aftersale.updated', timestamp: at, data: { orderId: n.out_trade_no, requestId: n.out_biz_no ?? `refund-${n.notify_id}`, status: 'refunded', amount: { value, currency: 'CNY' }, note: n.trade_status === 'TRADE_CLOSED' ? 'full refund, trade closed' : 'partial refund' } },
      },
    ];
  },
  ack: () => ACK,
};
