import { createDecipheriv } from 'node:crypto';
import * as z from 'zod/mini';
import '../../platform/zod-locale.ts';
import { lazily } from './lazily.ts';
import { assertFresh, requireHeader, requireSecrets } from './verify-helpers.ts';
import { decodeJson } from './decode.ts';
import { verifyRsaSha256 } from '../../platform/signing/rsa.ts';
import { ignore, SignatureError, type AckResponse, type IgnoredEvent, type ProviderAdapter } from './types.ts';

/**
 * 微信支付 API v3 notifications. `Wechatpay-Signature` is base64 SHA256withRSA over
 * `timestamp\nnonce\nbody\n`, checked with the platform public key (or certificate) named by
 * `Wechatpay-Serial`; the timestamp is checked ±300 s like the official SDKs. WeChat deliberately
 * sends probes signed `WECHATPAY/SIGNTEST/...` that must fail. The business payload is AES-256-GCM
 * encrypted with the APIv3 key (`WEBHOOK_SECRET_WECHATPAY_APIV3_KEY`), decrypted on the ack path so
 * the worker never needs a secret. Success answer: HTTP 200 (the body is informative).
 */
const schemas = lazily(() => {
  const envelope = z.looseObject({
    id: z.string(),
    create_time: z.string(),
    event_type: z.string(),
    resource: z.looseObject({ algorithm: z.literal('AEAD_AES_256_GCM'), ciphertext: z.string(), nonce: z.string(), associated_data: z._default(z.string(), '') }),
  });
  const refund = z.looseObject({
    out_trade_no: z.string(),
    out_refund_no: z.string(),
    refund_id: z.optional(z.string()),
    refund_status: z.string(),
    success_time: z.optional(z.string()),
    amount: z.looseObject({ total: z.number(), refund: z.number(), currency: z.optional(z.string()) }),
  });
  return { envelope, refund };
});
type Schemas = ReturnType<typeof schemas>;
const ACK: AckResponse = { status: 200, body: JSON.stringify({ code: 'SUCCESS', message: '成功' }), contentType: 'application/json' };

/** AES-256-GCM: base64(ciphertext ‖ 16-byte tag). Throws on a wrong key or tampered data. */
export function decryptResource(r: { ciphertext: string; nonce: string; associated_data: string }, apiV3Key: string): string {
  const data = Buffer.from(r.ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(r.nonce, 'utf8'));
  decipher.setAAD(Buffer.from(r.associated_data, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
}

type Parsed = { envelope: z.infer<Schemas['envelope']>; refund: z.infer<Schemas['refund']> };
/** Refund notifications are mapped; payments (TRANSACTION.SUCCESS) and the rest are ignored. */
const REFUND_STATUS: Record<string, string> = { 'REFUND.SUCCESS': 'refunded', 'REFUND.ABNORMAL': 'refund_failed', 'REFUND.CLOSED': 'closed' };

export const wechatpay: ProviderAdapter<unknown, Parsed> = {
  id: 'wechatpay',
  kind: 'payment',
  contentTypes: ['application/json'],
  timestamped: true,
  extraSecrets: ['APIV3_KEY'],
  decode: (req) => decodeJson(req.rawBody),
  verify(req, _d, ctx) {
    const sig = requireHeader(req.headers, 'wechatpay-signature');
    const ts = requireHeader(req.headers, 'wechatpay-timestamp');
    const nonce = requireHeader(req.headers, 'wechatpay-nonce');
    requireHeader(req.headers, 'wechatpay-serial');
    if (sig.startsWith('WECHATPAY/SIGNTEST/')) throw new SignatureError('signature probe');
    if (!/^\d{1,12}$/.test(ts)) throw new SignatureError('malformed wechatpay-timestamp');
    assertFresh(Number(ts), ctx.now, ctx.toleranceSeconds);
    const message = Buffer.concat([Buffer.from(`${ts}\n${nonce}\n`), req.rawBody, Buffer.from('\n')]);
    if (!verifyRsaSha256(message, sig, requireSecrets(ctx.secrets))) throw new SignatureError('wechatpay-signature does not verify');
  },
  eventId: (_req, d) => (d as { id?: string })?.id,
  parse(d, secrets): Parsed | IgnoredEvent {
    const type = (d as { event_type?: unknown })?.event_type;
    if (typeof type === 'string' && !REFUND_STATUS[type]) return ignore(type);
    const env = schemas().envelope.parse(d);
    const key = secrets.extra.APIV3_KEY;
    if (!key) throw new Error('APIv3 key not configured: cannot decrypt the resource');
    return { envelope: env, refund: schemas().refund.parse(JSON.parse(decryptResource(env.resource, key))) };
  },
  normalize({ envelope: e, refund: r }) {
    const at = new Date(r.success_time ?? e.create_time).toISOString();
    const status = REFUND_STATUS[e.event_type]!;
    return [{ sourceEventType: e.event_type, body: { type: 'aftersale.updated', timestamp: at, data: { orderId: r.out_trade_no, requestId: r.out_refund_no, status, amount: { value: r.amount.refund / 100, currency: r.amount.currency ?? 'CNY' } } } }];
  },
  ack: () => ACK,
};
