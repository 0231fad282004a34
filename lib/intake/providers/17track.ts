import * as z from 'zod';
import type { TrackingStatus } from '../../canonical/canonical.ts';
import { anyMatch, digest } from '../../platform/signing/crypto.ts';
import { requireHeader, requireSecrets } from './verify-helpers.ts';
import { decodeJson } from './decode.ts';
import { jsonAck, SignatureError, type ProviderAdapter } from './types.ts';

/**
 * 17TRACK API v2 push: header `sign` = hex SHA-256(raw body + "/" + security key). No event id and
 * no timestamp: the dedup key falls back to a hash of the body, which is the same for a redelivery.
 * Events TRACKING_UPDATED / TRACKING_STOPPED; `track_info.latest_status` uses 17TRACK's main statuses.
 */
const schema = z.looseObject({
  event: z.string(),
  data: z.looseObject({
    number: z.string(),
    carrier: z.union([z.number(), z.string()]).transform(String),
    tag: z.string().nullish(),
    track_info: z.looseObject({
      latest_status: z.looseObject({ status: z.string(), sub_status: z.string().nullish() }),
      latest_event: z.looseObject({ time_utc: z.string().nullish(), time_iso: z.string().nullish(), description: z.string().nullish(), location: z.string().nullish() }).nullish(),
    }),
  }),
});

const STATUS: Record<string, TrackingStatus> = {
  NotFound: 'unknown', InfoReceived: 'info_received', InTransit: 'in_transit', Expired: 'exception', AvailableForPickup: 'available_for_pickup',
  OutForDelivery: 'out_for_delivery', DeliveryFailure: 'failed_attempt', Delivered: 'delivered', Exception: 'exception',
};

export const seventeenTrack: ProviderAdapter<unknown, z.infer<typeof schema>> = {
  id: '17track',
  kind: 'courier',
  contentTypes: ['application/json'],
  timestamped: false,
  decode: (req) => decodeJson(req.rawBody),
  verify(req, _d, ctx) {
    const given = requireHeader(req.headers, 'sign').trim().toLowerCase();
    const expected = requireSecrets(ctx.secrets).map((key) => digest('sha256', Buffer.concat([req.rawBody, Buffer.from(`/${key}`)])));
    if (!anyMatch(expected, [Buffer.from(given, 'hex')])) throw new SignatureError('sign does not match');
  },
  eventId: () => undefined,
  parse: (d) => schema.parse(d),
  normalize({ event, data }) {
    const e = data.track_info.latest_event;
    const occurredAt = new Date(e?.time_utc ?? e?.time_iso ?? Date.now()).toISOString();
    const sub = data.track_info.latest_status.sub_status ?? '';
    const status: TrackingStatus = /Returned|Returning/i.test(sub) ? 'returned' : (STATUS[data.track_info.latest_status.status] ?? 'unknown');
    return [
      {
        sourceEventType: event,
        body: { type: 'tracking.updated', timestamp: occurredAt, data: { carrier: `17track-${data.carrier}`, trackingNumber: data.number, status, occurredAt, location: e?.location ?? undefined, description: e?.description ?? undefined, orderId: data.tag ?? undefined } },
      },
    ];
  },
  ack: jsonAck,
};
