import * as z from 'zod';
import type { TrackingStatus } from '../../canonical/canonical.ts';
import { verifyBodyHmac } from './body-hmac.ts';
import { decodeJson } from './decode.ts';
import { jsonAck, type ProviderAdapter } from './types.ts';

/**
 * AfterShip tracking webhooks: `aftership-hmac-sha256` = base64 HMAC-SHA256(raw body, webhook
 * secret); body `{event, event_id, msg: <tracking>}`. Retries 14 times over ~68 h, hence the
 * 30-day dedup window on `event_id`.
 */
const checkpoint = z.looseObject({ checkpoint_time: z.string(), tag: z.string().optional(), message: z.string().nullish(), location: z.string().nullish(), city: z.string().nullish(), country_iso3: z.string().nullish() });
const schema = z.looseObject({
  event: z.string(),
  event_id: z.string().optional(),
  msg: z.looseObject({
    slug: z.string(),
    tracking_number: z.string(),
    tag: z.string(),
    order_id: z.string().nullish(),
    updated_at: z.string().optional(),
    checkpoints: z.array(checkpoint).default([]),
  }),
});

/** AfterShip's delivery-status tags → canonical statuses. */
const TAGS: Record<string, TrackingStatus> = {
  Pending: 'info_received', InfoReceived: 'info_received', InTransit: 'in_transit', OutForDelivery: 'out_for_delivery', AttemptFail: 'failed_attempt',
  Delivered: 'delivered', AvailableForPickup: 'available_for_pickup', Exception: 'exception', Expired: 'exception',
};

export const aftership: ProviderAdapter<unknown, z.infer<typeof schema>> = {
  id: 'aftership',
  kind: 'courier',
  contentTypes: ['application/json'],
  timestamped: false,
  decode: (req) => decodeJson(req.rawBody),
  verify: (req, _d, ctx) => verifyBodyHmac(req, ctx.secrets, { header: 'aftership-hmac-sha256', encoding: 'base64' }),
  eventId: (_req, d) => (d as { event_id?: string })?.event_id,
  parse: (d) => schema.parse(d),
  normalize({ event, msg }) {
    const last = [...msg.checkpoints].sort((a, b) => Date.parse(a.checkpoint_time) - Date.parse(b.checkpoint_time)).at(-1);
    const occurredAt = new Date(last?.checkpoint_time ?? msg.updated_at ?? Date.now()).toISOString();
    const returned = last?.message && /return(ed)? to sender|退回/i.test(last.message);
    return [
      {
        sourceEventType: event,
        body: {
          type: 'tracking.updated',
          timestamp: occurredAt,
          data: {
            carrier: msg.slug,
            trackingNumber: msg.tracking_number,
            status: returned ? 'returned' : (TAGS[last?.tag ?? msg.tag] ?? TAGS[msg.tag] ?? 'unknown'),
            occurredAt,
            location: last?.location ?? ([last?.city, last?.country_iso3].filter(Boolean).join(', ') || undefined),
            description: last?.message ?? undefined,
            orderId: msg.order_id ?? undefined,
          },
        },
      },
    ];
  },
  ack: jsonAck,
};
