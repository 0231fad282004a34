import * as z from 'zod';
import type { TrackingStatus } from '../../canonical/canonical.ts';
import { verifyBodyHmac } from './body-hmac.ts';
import { decodeJson } from './decode.ts';
import { jsonAck, type ProviderAdapter } from './types.ts';

/**
 * EasyPost events: `X-Hmac-Signature: hmac-sha256-hex=<hex HMAC-SHA256(raw body, NFKD(secret))>`
 * (their Node library normalises the secret with NFKD). Verified over the raw bytes; we do not copy
 * the library's rewrite of integer weights, because we never re-serialise. Dedup on the `evt_` id.
 */
const detail = z.looseObject({ datetime: z.string(), status: z.string(), message: z.string().nullish(), tracking_location: z.looseObject({ city: z.string().nullish(), state: z.string().nullish(), country: z.string().nullish() }).nullish() });
const schema = z.looseObject({
  id: z.string(),
  description: z.string(),
  created_at: z.string(),
  result: z.looseObject({ object: z.literal('Tracker'), tracking_code: z.string(), status: z.string(), carrier: z.string(), tracking_details: z.array(detail).default([]), reference: z.string().nullish() }),
});

const STATUS: Record<string, TrackingStatus> = {
  pre_transit: 'info_received', in_transit: 'in_transit', out_for_delivery: 'out_for_delivery', delivered: 'delivered', available_for_pickup: 'available_for_pickup',
  return_to_sender: 'returned', failure: 'exception', error: 'exception', cancelled: 'exception', unknown: 'unknown',
};

export const easypost: ProviderAdapter<unknown, z.infer<typeof schema>> = {
  id: 'easypost',
  kind: 'courier',
  contentTypes: ['application/json'],
  timestamped: false,
  decode: (req) => decodeJson(req.rawBody),
  verify: (req, _d, ctx) => verifyBodyHmac(req, ctx.secrets, { header: 'x-hmac-signature', encoding: 'hex', prefix: 'hmac-sha256-hex=', key: (s) => s.normalize('NFKD') }),
  eventId: (_req, d) => (d as { id?: string })?.id,
  parse: (d) => schema.parse(d),
  normalize({ description, result, created_at }) {
    if (!description.startsWith('tracker.')) return [];
    const last = [...result.tracking_details].sort((a, b) => Date.parse(a.datetime) - Date.parse(b.datetime)).at(-1);
    const occurredAt = new Date(last?.datetime ?? created_at).toISOString();
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
            status: STATUS[result.status] ?? 'unknown',
            occurredAt,
            location: [loc?.city, loc?.state, loc?.country].filter(Boolean).join(', ') || undefined,
            description: last?.message ?? undefined,
            orderId: result.reference ?? undefined,
          },
        },
      },
    ];
  },
  ack: jsonAck,
};
