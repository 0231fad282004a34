import * as z from 'zod/mini';
import '../../platform/zod-locale.ts';
import { lazily } from './lazily.ts';
import type { TrackingStatus } from '../../canonical/canonical.ts';
import { anyMatch, digest } from '../../platform/signing/crypto.ts';
import { requireHeader, requireSecrets } from './verify-helpers.ts';
import { decodeJson } from './decode.ts';
import { ignore, jsonAck, SignatureError, type IgnoredEvent, type ProviderAdapter } from './types.ts';

/**
 * 17TRACK API v2 push: header `sign` = hex SHA-256(raw body + "/" + security key). No event id and
 * no timestamp: the dedup key falls back to a hash of the body, which is the same for a redelivery.
 * `TRACKING_UPDATED` is mapped (`track_info.latest_status` uses 17TRACK's main statuses);
 * `TRACKING_STOPPED` (tracking ended, only number/carrier/param/tag) is understood and ignored.
 */
const schemas = lazily(() => {
  const envelope = z.looseObject({ event: z.string(), data: z.unknown() });
  const updated = z.looseObject({
    number: z.string(),
    carrier: z.pipe(z.union([z.number(), z.string()]), z.transform(String)),
    // The tag a shop sets when it registers the number: the order, by convention.
    tag: z.nullish(z.pipe(z.union([z.string(), z.number()]), z.transform(String))),
    track_info: z.looseObject({
      latest_status: z.looseObject({ status: z.string(), sub_status: z.nullish(z.string()) }),
      latest_event: z.nullish(z.looseObject({ time_utc: z.nullish(z.string()), time_iso: z.nullish(z.string()), description: z.nullish(z.string()), location: z.nullish(z.string()) })),
    }),
  });
  return { envelope, updated };
});
type Schemas = ReturnType<typeof schemas>;
type Parsed = { event: string; data: z.infer<Schemas['updated']> };

const STATUS: Record<string, TrackingStatus> = {
  NotFound: 'unknown', InfoReceived: 'info_received', InTransit: 'in_transit', Expired: 'exception', AvailableForPickup: 'available_for_pickup',
  OutForDelivery: 'out_for_delivery', DeliveryFailure: 'failed_attempt', Delivered: 'delivered', Exception: 'exception',
};

export const seventeenTrack: ProviderAdapter<unknown, Parsed> = {
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
  parse(d): Parsed | IgnoredEvent {
    const e = schemas().envelope.parse(d);
    if (e.event !== 'TRACKING_UPDATED') return ignore(e.event);
    return { event: e.event, data: schemas().updated.parse(e.data) };
  },
  normalize({ event, data }) {
    const e = data.track_info.latest_event;
    const occurredAt = new Date(e?.time_utc ?? e?.time_iso ?? Date.now()).toISOString();
    const sub = data.track_info.latest_status.sub_status ?? '';
    const status: TrackingStatus = /Returned|Returning/i.test(sub) ? 'returned' : (STATUS[data.track_info.latest_status.status] ?? 'unknown');
    return [
      {
        sourceEventType: event,
        body: { type: 'tracking.updated', timestamp: occurredAt, data: { carrier: `17track-${data.carrier}`, trackingNumber: data.number, status, occurredAt, location: e?.location ?? undefined, description: e?.description ?? undefined, orderId: data.tag || undefined } },
      },
    ];
  },
  ack: jsonAck,
};
