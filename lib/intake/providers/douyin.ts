import * as z from 'zod';
import type { AfterSalesType, CanonicalBody } from '../../canonical/canonical.ts';
import { anyMatch, digest } from '../../platform/signing/crypto.ts';
import { requireHeader, requireSecrets } from './verify-helpers.ts';
import { decodeJsonBigIntSafe } from './decode.ts';
import { SignatureError, UnreadableBodyError, type AckResponse, type NormalizedEvent, type ProviderAdapter } from './types.ts';

/**
 * 抖店 (Douyin Shop) message push. Facts from the community SDKs that cite the open-platform docs
 * (zsmhub/doudian-sdk, bububa/jinritemai-go) — no official page was reachable:
 * - body: a JSON array of `{tag, msg_id, data}` where `data` is a JSON string (one object accepted too);
 * - headers `app-id` (= app key) and `event-sign` = hex MD5(app_key + raw body + app_secret);
 * - the URL check sends tag "0"; every push expects `{"code":0,"msg":"success"}` within 5 s.
 * After-sales tags (2xx) per those SDKs; unknown tags are understood and ignored, not quarantined.
 */
const message = z.looseObject({ tag: z.union([z.string(), z.number()]).transform(String), msg_id: z.union([z.string(), z.number()]).transform(String), data: z.string() });
const envelope = z.array(message).min(1);
const refundData = z.looseObject({
  p_id: z.union([z.string(), z.number()]).transform(String),
  aftersale_id: z.union([z.string(), z.number()]).transform(String),
  aftersale_type: z.number().optional(),
  refund_amount: z.number().optional(),
  reason_code: z.number().optional(),
  apply_time: z.number().optional(),
  update_time: z.number().optional(),
});

/** tag → what it means for the request (after-sales tags of the message push). */
const TAGS: Record<string, { kind: 'requested' } | { kind: 'updated'; status: string }> = {
  '200': { kind: 'requested' }, // 买家发起售后申请
  '201': { kind: 'updated', status: 'modified' }, // 买家修改售后申请
  '202': { kind: 'updated', status: 'return_shipped' }, // 买家退货给卖家
  '203': { kind: 'updated', status: 'approved' }, // 商家同意退款
  '204': { kind: 'updated', status: 'rejected' }, // 商家拒绝退款
  '205': { kind: 'updated', status: 'refunded' }, // 退款成功
  '206': { kind: 'updated', status: 'closed' }, // 售后关闭
  '207': { kind: 'updated', status: 'approved' }, // 商家同意退货申请
  '208': { kind: 'updated', status: 'rejected' }, // 商家拒绝退货申请
  '211': { kind: 'updated', status: 'return_received' }, // 商家确认收货
};
/** aftersale_type: 0 退货退款, 1 仅退款 (已发货), 2 仅退款 (未发货), 3 换货, 4 补寄. */
const TYPES: Record<number, AfterSalesType> = { 0: 'return_refund', 1: 'refund_only', 2: 'refund_only', 3: 'exchange', 4: 'reissue' };

type Msg = z.infer<typeof message>;
const ACK: AckResponse = { status: 200, body: JSON.stringify({ code: 0, msg: 'success' }), contentType: 'application/json' };
const time = (s?: number) => new Date(s ? s * 1000 : Date.now()).toISOString();

export const douyin: ProviderAdapter<unknown, Msg[]> = {
  id: 'douyin',
  kind: 'marketplace',
  contentTypes: ['application/json'],
  timestamped: false,
  extraSecrets: ['APP_KEY'],
  decode(req) {
    const d = decodeJsonBigIntSafe(req.rawBody);
    if (typeof d !== 'object' || d === null) throw new UnreadableBodyError('not a message array');
    return Array.isArray(d) ? d : [d];
  },
  verify(req, _d, ctx) {
    const appKey = ctx.extra.APP_KEY ?? req.headers['app-id'];
    const given = requireHeader(req.headers, 'event-sign').trim().toLowerCase();
    if (!appKey) throw new SignatureError('no app key configured');
    if (req.headers['app-id'] && ctx.extra.APP_KEY && req.headers['app-id'] !== ctx.extra.APP_KEY) throw new SignatureError('app-id is not ours');
    const expected = requireSecrets(ctx.secrets).map((secret) => Buffer.from(digest('md5', Buffer.concat([Buffer.from(appKey), req.rawBody, Buffer.from(secret)])).toString('hex')));
    if (!anyMatch(expected, [Buffer.from(given)])) throw new SignatureError('event-sign does not match');
  },
  eventId: (_req, d) => {
    const ids = (d as { msg_id?: unknown }[]).map((m) => m?.msg_id).filter((x) => x !== undefined);
    return ids.length ? ids.map(String).join('+') : undefined;
  },
  parse: (d) => envelope.parse(d),
  normalize(messages): NormalizedEvent[] {
    return messages.flatMap((m): NormalizedEvent[] => {
      const meaning = TAGS[m.tag];
      if (m.tag === '0' || !meaning) return [];
      const data = refundData.parse(decodeJsonBigIntSafe(Buffer.from(m.data)));
      const base = { orderId: data.p_id, requestId: data.aftersale_id };
      const at = time(data.update_time ?? data.apply_time);
      const body: CanonicalBody =
        meaning.kind === 'requested'
          ? {
              type: 'aftersale.requested',
              timestamp: time(data.apply_time),
              data: {
                ...base,
                type: TYPES[data.aftersale_type ?? 0] ?? 'return_refund',
                reason: data.reason_code !== undefined ? `reason code ${data.reason_code}` : '',
                amount: data.refund_amount !== undefined ? { value: data.refund_amount / 100, currency: 'CNY' } : undefined,
                platform: 'douyin',
                orderShipped: data.aftersale_type === 2 ? false : undefined,
              },
            }
          : { type: 'aftersale.updated', timestamp: at, data: { ...base, status: meaning.status } };
      return [{ sourceEventType: `tag-${m.tag}`, body }];
    });
  },
  ack: () => ACK,
};
