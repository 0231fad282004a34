import * as z from 'zod/mini';
import '../../platform/zod-locale.ts';
import { lazily } from './lazily.ts';
import type { AfterSalesType, CanonicalBody } from '../../canonical/canonical.ts';
import { anyMatch, digest } from '../../platform/signing/crypto.ts';
import { requireHeader, requireSecrets } from './verify-helpers.ts';
import { decodeJsonBigIntSafe } from './decode.ts';
import { ignore, SignatureError, UnreadableBodyError, type AckResponse, type IgnoredEvent, type NormalizedEvent, type ProviderAdapter } from './types.ts';

/**
 * 抖店 (Douyin Shop) message push. Facts from the community SDKs that cite the open-platform docs
 * (zsmhub/doudian-sdk, bububa/jinritemai-go) — no official page was reachable:
 * - body: a JSON array of `{tag, msg_id, data}` where `data` is a JSON string (one object accepted too);
 * - headers `app-id` (= app key) and `event-sign` = hex MD5(app_key + raw body + app_secret);
 * - the URL check sends tag "0"; every push expects `{"code":0,"msg":"success"}` within 5 s.
 * The tag is read first; only after-sales tags we map parse their `data`, and then only the
 * fields the mapping reads (the SDK structs type `update_time` as a Go time.Time, i.e. a string,
 * while the other times are epoch seconds: both are accepted). Every other tag (order 1xx,
 * arbitration evidence 213–218, ...) is understood and ignored, not quarantined.
 */
const schemas = lazily(() => {
  const message = z.looseObject({ tag: z.pipe(z.union([z.string(), z.number()]), z.transform(String)), msg_id: z.pipe(z.union([z.string(), z.number()]), z.transform(String)), data: z.string() });
  const envelope = z.array(message).check(z.minLength(1));
  const idField = z.pipe(z.union([z.string(), z.number()]), z.transform(String));
  const time = z.nullish(z.union([z.number(), z.string()]));
  const aftersaleData = z.looseObject({
    p_id: idField,
    aftersale_id: idField,
    aftersale_type: z.nullish(z.number()),
    refund_amount: z.nullish(z.number()),
    reason_code: z.nullish(z.number()),
    apply_time: time,
    agree_time: time,
    refuse_time: time,
    success_time: time,
    close_time: time,
    modify_time: time,
    update_time: time,
  });
  return { message, envelope, aftersaleData };
});
type Schemas = ReturnType<typeof schemas>;

/**
 * Tag → what it means for the request, with the open-platform doc each SDK file cites
 * (zsmhub/doudian-sdk@93c52ff:message/<name>.go → op.jinritemai.com/docs/message-docs/31/<id>).
 * Status words are the provider-neutral ones the complaint engine knows: `approved` waits for the
 * return where the type has one, `processing` means the refund is agreed, `modified` changes
 * nothing but the timeline (a buyer's edit must never complete the request).
 */
type Meaning = { kind: 'requested'; at: 'apply_time' } | { kind: 'updated'; status: string; at: keyof z.infer<Schemas['aftersaleData']> };
export const DOUYIN_TAGS: Record<string, Meaning & { doc: string; name: string }> = {
  '200': { kind: 'requested', at: 'apply_time', name: '买家发起售后申请', doc: '31/115' },
  '201': { kind: 'updated', status: 'processing', at: 'agree_time', name: '同意退款', doc: '31/116' },
  '202': { kind: 'updated', status: 'approved', at: 'refuse_time', name: '同意退货申请', doc: '31/117' },
  '203': { kind: 'updated', status: 'return_shipped', at: 'refuse_time', name: '买家退货给卖家', doc: '31/118' },
  '204': { kind: 'updated', status: 'rejected', at: 'refuse_time', name: '拒绝退款', doc: '31/119' },
  '205': { kind: 'updated', status: 'rejected', at: 'refuse_time', name: '拒绝退货申请', doc: '31/120' },
  '206': { kind: 'updated', status: 'refunded', at: 'success_time', name: '退款成功', doc: '31/121' },
  '207': { kind: 'updated', status: 'closed', at: 'close_time', name: '售后关闭', doc: '31/122' },
  '208': { kind: 'updated', status: 'modified', at: 'modify_time', name: '买家修改售后申请', doc: '31/230' },
  '211': { kind: 'updated', status: 'reshipped', at: 'apply_time', name: '确认换货并二次发货', doc: '31/240' },
};
/** aftersale_type: 0 退货退款, 1 仅退款 (已发货), 2 仅退款 (未发货), 3 换货, 4 补寄. */
const TYPES: Record<number, AfterSalesType> = { 0: 'return_refund', 1: 'refund_only', 2: 'refund_only', 3: 'exchange', 4: 'reissue' };

type Msg = z.infer<Schemas['message']>;
const ACK: AckResponse = { status: 200, body: JSON.stringify({ code: 0, msg: 'success' }), contentType: 'application/json' };
/** Epoch seconds, or a date string (Go time.Time / "2006-01-02 15:04:05" China time). */
const toIso = (...vals: (string | number | null | undefined)[]) => {
  for (const v of vals) {
    if (typeof v === 'number' && v > 0) return new Date(v * 1000).toISOString();
    if (typeof v === 'string' && v) {
      const d = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v) ? new Date(`${v.replace(' ', 'T')}+08:00`) : new Date(v);
      if (!Number.isNaN(d.getTime()) && d.getUTCFullYear() > 2000) return d.toISOString();
    }
  }
  return new Date().toISOString();
};

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
  parse(d): Msg[] | IgnoredEvent {
    const messages = schemas().envelope.parse(d);
    const mapped = messages.filter((m) => DOUYIN_TAGS[m.tag]);
    if (mapped.length === 0) return ignore(`tag-${messages.map((m) => m.tag).join('+')}`);
    // Only the mapped messages' data is read (and so required); a batch may mix in other tags.
    for (const m of mapped) schemas().aftersaleData.parse(decodeJsonBigIntSafe(Buffer.from(m.data)));
    return mapped;
  },
  normalize(messages): NormalizedEvent[] {
    return messages.flatMap((m): NormalizedEvent[] => {
      const meaning = DOUYIN_TAGS[m.tag];
      if (!meaning) return [];
      const data = schemas().aftersaleData.parse(decodeJsonBigIntSafe(Buffer.from(m.data)));
      const base = { orderId: data.p_id, requestId: data.aftersale_id };
      const body: CanonicalBody =
        meaning.kind === 'requested'
          ? {
              type: 'aftersale.requested',
              timestamp: toIso(data.apply_time, data.update_time),
              data: {
                ...base,
                type: TYPES[data.aftersale_type ?? 0] ?? 'return_refund',
                reason: data.reason_code != null ? `reason code ${data.reason_code}` : '',
                amount: data.refund_amount != null ? { value: data.refund_amount / 100, currency: 'CNY' } : undefined,
                platform: 'douyin',
                orderShipped: data.aftersale_type === 2 ? false : undefined,
              },
            }
          : { type: 'aftersale.updated', timestamp: toIso(data[meaning.at] as string | number | null | undefined, data.update_time), data: { ...base, status: meaning.status, note: meaning.name } };
      return [{ sourceEventType: `tag-${m.tag}`, body }];
    });
  },
  ack: () => ACK,
};
