import * as z from 'zod/mini';
import '../../platform/zod-locale.ts';
import { lazily } from './lazily.ts';
import type { TrackingStatus } from '../../canonical/canonical.ts';
import { verifyBodyHmac } from './body-hmac.ts';
import { decodeJson } from './decode.ts';
import { ignore, jsonAck, type IgnoredEvent, type ProviderAdapter } from './types.ts';

/**
 * EasyPost events: `X-Hmac-Signature: hmac-sha256-hex=<hex HMAC-SHA256(raw body, NFKD(secret))>`
 * (their Node library normalises the secret with NFKD). Verified over the raw bytes; we do not copy
 * the library's rewrite of integer weights, because we never re-serialise. Dedup on the `evt_` id
 * (inside the signed body).
 */
const schemas = lazily(() => {
  const detail = z.looseObject({ datetime: z.string(), status: z.string(), message: z.nullish(z.string()), tracking_location: z.nullish(z.looseObject({ city: z.nullish(z.string()), state: z.nullish(z.string()), country: z.nullish(z.string()) })) });
  const envelope = z.looseObject({ id: z.optional(z.string()), description: z.string(), created_at: z.nullish(z.string()), result: z.unknown() });
  const tracker = z.looseObject({ tracking_code: z.string(), status: z.string(), status_detail: z.nullish(z.string()), carrier: z.string(), tracking_details: z.nullish(z.array(detail)), updated_at: z.nullish(z.string()), reference: z.nullish(z.string()) });
  return { envelope, tracker };
});
type Schemas = ReturnType<typeof schemas>;
type Parsed = { description: string; createdAt?: string | null; result: z.infer<Schemas['tracker']> };
/** Tracker events are mapped; every other event (batch, refund of postage, insurance...) is ignored. */
const MAPPED = new Set(['tracker.created', 'tracker.updated']);
/** `status_detail`s that are trouble whatever the main status says (TrackerStatusDetail). */
const TROUBLE = new Set(['lost', 'damaged', 'refused', 'delivery_exception', 'transit_exception']);

const STATUS: Record<string, TrackingStatus> = {
  pre_transit: 'info_received', in_transit: 'in_transit', out_for_delivery: 'out_for_delivery', delivered: 'delivered', available_for_pickup: 'available_for_pickup',
  return_to_sender: 'returned', failure: 'exception', error: 'exception', cancelled: 'exception', unknown: 'unknown',
};

export const easypost: ProviderAdapter<unknown, Parsed> = {
  id: 'easypost',
  kind: 'courier',
  contentTypes: ['application/json'],
  timestamped: false,
  decode: (req) => decodeJson(req.rawBody),
  verify: (req, _d, ctx) => verifyBodyHmac(req, ctx.secrets, { header: 'x-hmac-signature', encoding: 'hex', prefix: 'hmac-sha256-hex=', key: (s) => s.normalize('NFKD') }),
  eventId: (_req, d) => (d as { id?: string })?.id,
  parse(d): Parsed | IgnoredEvent {
    const e = schemas().envelope.parse(d);
    if (!MAPPED.has(e.description)) return ignore(e.description);
    return { description: e.description, createdAt: e.created_at, result: schemas().tracker.parse(e.result) };
  },
  normalize({ description, result, createdAt }) {
    const last = [...(result.tracking_details ?? [])].sort((a, b) => Date.parse(a.datetime) - Date.parse(b.datetime)).at(-1);
    const occurredAt = new Date(last?.datetime ?? result.updated_at ?? createdAt ?? Date.now()).toISOString();
    const loc = last?.tracking_location;
    return [
      {
        sourceEventType: description,
        body: {
          type: 'tracking.updated',
          timestamp: occurredAt,
          data: {
            carrier: result.carrier.toLowerCase(),
            trackingNumber: result.tracking_code,
            status: result.status !== 'delivered' && TROUBLE.has(result.status_detail ?? '') ? 'exception' : (STATUS[result.status] ?? 'unknown'),
            occurredAt,
            location: [loc?.city, loc?.state, loc?.country].filter(Boolean).join(', ') || undefined,
            description: last?.message ?? undefined,
            // Trackers carry no order: the shipment record (keyed by this tracking code) links it.
            orderId: result.reference ?? undefined,
          },
        },
      },
    ];
  },
  ack: jsonAck,
};
