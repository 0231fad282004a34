import * as z from 'zod/mini';
import '../../platform/zod-locale.ts';
import { lazily } from './lazily.ts';
import type { TrackingStatus } from '../../canonical/canonical.ts';
import { verifyBodyHmac } from './body-hmac.ts';
import { decodeJson } from './decode.ts';
import { ignore, jsonAck, type IgnoredEvent, type ProviderAdapter } from './types.ts';

/**
 * AfterShip tracking webhooks: `aftership-hmac-sha256` = base64 HMAC-SHA256(raw body, webhook
 * secret); body `{event, event_id, msg: <tracking>}`. Retries 14 times over ~68 h, hence the
 * 30-day dedup window on `event_id` (inside the signed body).
 * Events (aftership.com/docs/tracking/2025-01/webhook/webhook-specifications): `tracking_update`
 * is mapped; `edd_revise` and `tracking_pending_time` are understood and ignored (our own stall
 * scan measures silence). The order is named by `order_id` (older API versions) or
 * `order_number` (current ones); when neither is set the shipment record links it.
 */
const schemas = lazily(() => {
  const checkpoint = z.looseObject({ checkpoint_time: z.nullish(z.string()), tag: z.nullish(z.string()), subtag: z.nullish(z.string()), message: z.nullish(z.string()), location: z.nullish(z.string()), city: z.nullish(z.string()), country_iso3: z.nullish(z.string()), country_region: z.nullish(z.string()) });
  const envelope = z.looseObject({ event: z.string(), event_id: z.optional(z.string()), msg: z.unknown() });
  const tracking = z.looseObject({
    slug: z.string(),
    tracking_number: z.string(),
    tag: z.string(),
    subtag: z.nullish(z.string()),
    order_id: z.nullish(z.pipe(z.union([z.string(), z.number()]), z.transform(String))),
    order_number: z.nullish(z.pipe(z.union([z.string(), z.number()]), z.transform(String))),
    updated_at: z.nullish(z.string()),
    checkpoints: z.nullish(z.array(checkpoint)),
  });
  return { envelope, tracking };
});
type Schemas = ReturnType<typeof schemas>;
type Parsed = { event: string; msg: z.infer<Schemas['tracking']> };

/** Sub-statuses that mean the parcel goes back or is gone (delivery-sub-statuses page). */
const RETURNED = new Set(['Exception_010', 'Exception_011']);
/** AfterShip's delivery-status tags → canonical statuses. */
const TAGS: Record<string, TrackingStatus> = {
  Pending: 'info_received', InfoReceived: 'info_received', InTransit: 'in_transit', OutForDelivery: 'out_for_delivery', AttemptFail: 'failed_attempt',
  Delivered: 'delivered', AvailableForPickup: 'available_for_pickup', Exception: 'exception', Expired: 'exception',
};

export const aftership: ProviderAdapter<unknown, Parsed> = {
  id: 'aftership',
  kind: 'courier',
  contentTypes: ['application/json'],
  timestamped: false,
  decode: (req) => decodeJson(req.rawBody),
  verify: (req, _d, ctx) => verifyBodyHmac(req, ctx.secrets, { header: 'aftership-hmac-sha256', encoding: 'base64' }),
  eventId: (_req, d) => (d as { event_id?: string })?.event_id,
  parse(d): Parsed | IgnoredEvent {
    const e = schemas().envelope.parse(d);
    if (e.event !== 'tracking_update') return ignore(e.event);
    return { event: e.event, msg: schemas().tracking.parse(e.msg) };
  },
  normalize({ event, msg }) {
    const timed = (msg.checkpoints ?? []).filter((c) => c.checkpoint_time && !Number.isNaN(Date.parse(c.checkpoint_time)));
    const last = timed.sort((a, b) => Date.parse(a.checkpoint_time!) - Date.parse(b.checkpoint_time!)).at(-1);
    const occurredAt = new Date(last?.checkpoint_time ?? msg.updated_at ?? Date.now()).toISOString();
    const returned = RETURNED.has(msg.subtag ?? '') || (last?.message && /return(ed)? to sender|退回/i.test(last.message));
    return [
      {
        sourceEventType: event,
        body: {
          type: 'tracking.updated',
          timestamp: occurredAt,
          data: {
            carrier: msg.slug,
            trackingNumber: msg.tracking_number,
            status: returned ? 'returned' : (TAGS[msg.tag] ?? TAGS[last?.tag ?? ''] ?? 'unknown'),
            occurredAt,
            location: last?.location ?? ([last?.city, last?.country_iso3 ?? last?.country_region].filter(Boolean).join(', ') || undefined),
            description: last?.message ?? undefined,
            orderId: msg.order_id ?? msg.order_number ?? undefined,
          },
        },
      },
    ];
  },
  ack: jsonAck,
};
