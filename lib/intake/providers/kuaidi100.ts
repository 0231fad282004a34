import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import '../../platform/zod-locale.ts';
import { lazily } from './lazily.ts';
import type { TrackingStatus } from '../../canonical/canonical.ts';
import { anyMatch, digest } from '../../platform/signing/crypto.ts';
import { requireSecrets } from './verify-helpers.ts';
import { decodeForm } from './decode.ts';
import { chinaTime } from './china-time.ts';
import { ignore, SignatureError, UnreadableBodyError, type IgnoredEvent, type ProviderAdapter } from './types.ts';

/**
 * 快递100 subscription push: form body `param=<JSON>&sign=<upper hex MD5(param + salt)>`. Each push
 * repeats the whole route history; the newest node is `lastResult.data[0]`. Times are China local
 * time without zone (+08:00).
 * Dedup: no event id, and only `param` is signed: the key is a hash of `param` alone, so re-ordering
 * the form fields or adding `&x=1` to a captured push does not make it new (an identical re-push,
 * re-sent after 30 min when not acknowledged with the exact JSON below, maps to the same key).
 * Order linking: Kuaidi100 lets the shop put its own parameters on the callback URL at subscription
 * (`callbackurl=https://.../webhooks/kuaidi100?orderId=...`, java-demo SubscribeParameters); they
 * arrive as the request's query. Unsigned, so used only to name the order of a parcel whose
 * shipment record does not (the record's own order always wins).
 * `status`: polling / shutdown / updateall carry a route; `abort` ("3天查询无记录", "60天无变化")
 * with no route node is understood and ignored.
 */
const schemas = lazily(() => {
  const node = z.looseObject({ context: z.string(), time: z.nullish(z.string()), ftime: z.string(), areaName: z.nullish(z.string()), status: z.nullish(z.string()) });
  const envelope = z.looseObject({ status: z.string(), message: z.nullish(z.string()), lastResult: z.unknown() });
  const lastResult = z.looseObject({ state: z.pipe(z.union([z.string(), z.number()]), z.transform(String)), com: z.string(), nu: z.string(), data: z.nullish(z.array(node)) });
  return { envelope, lastResult };
});
type Schemas = ReturnType<typeof schemas>;
type Parsed = { status: string; lastResult: z.infer<Schemas['lastResult']> };
/** Query names shops use for their order on the callback URL. */
const ORDER_PARAMS = ['orderId', 'order_id', 'orderNo', 'order_no', 'orderid'];

/** Kuaidi100 `state` codes (0 在途, 1 揽收, 2 疑难, 3 签收, 4 退签, 5 派件, 6 退回, 7 转投, 8 清关, 14 拒签). */
const STATE: Record<string, TrackingStatus> = {
  '0': 'in_transit', '1': 'info_received', '2': 'exception', '3': 'delivered', '4': 'returned', '5': 'out_for_delivery',
  '6': 'returned', '7': 'in_transit', '8': 'in_transit', '10': 'in_transit', '14': 'exception',
};


type Decoded = { param: string; sign: string; body: unknown };

export const kuaidi100: ProviderAdapter<Decoded, Parsed> = {
  id: 'kuaidi100',
  kind: 'courier',
  contentTypes: ['application/x-www-form-urlencoded'],
  timestamped: false,
  decode(req) {
    const form = decodeForm(req.rawBody);
    if (!form.param) throw new UnreadableBodyError('form has no param field');
    try {
      return { param: form.param, sign: form.sign ?? '', body: JSON.parse(form.param) };
    } catch {
      throw new UnreadableBodyError('param is not JSON');
    }
  },
  verify(_req, d, ctx) {
    if (!d.sign) throw new SignatureError('missing sign field');
    const expected = requireSecrets(ctx.secrets).map((salt) => Buffer.from(digest('md5', d.param + salt).toString('hex').toUpperCase()));
    if (!anyMatch(expected, [Buffer.from(d.sign)])) throw new SignatureError('sign does not match');
  },
  eventId: (_req, d) => `param-${createHash('sha256').update(d.param).digest('hex')}`,
  parse(d): Parsed | IgnoredEvent {
    const e = schemas().envelope.parse(d.body);
    if (e.lastResult == null) return ignore(`status-${e.status}`);
    const r = schemas().lastResult.parse(e.lastResult);
    if (!r.data?.length) return ignore(`status-${e.status}`);
    return { status: e.status, lastResult: r };
  },
  normalize({ lastResult }, req) {
    const newest = [...(lastResult.data ?? [])].sort((a, b) => (a.ftime < b.ftime ? 1 : -1))[0];
    if (!newest) return [];
    const occurredAt = chinaTime(newest.ftime);
    const orderId = ORDER_PARAMS.map((k) => req.query?.[k]).find((v) => v && v.length <= 200);
    return [
      {
        sourceEventType: `state-${lastResult.state}`,
        body: { type: 'tracking.updated', timestamp: occurredAt, data: { carrier: lastResult.com, trackingNumber: lastResult.nu, status: STATE[lastResult.state] ?? 'unknown', occurredAt, location: newest.areaName ?? undefined, description: newest.context, orderId } },
      },
    ];
  },
  ack: () => ({ status: 200, body: JSON.stringify({ result: true, returnCode: '200', message: '成功' }), contentType: 'application/json' }),
};
