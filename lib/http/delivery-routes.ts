import { Hono } from 'hono';
import { scrubPii } from '../platform/masking.ts';
import { badRequest, notFound } from '../platform/errors.ts';
import type { AppEnv } from './base-app.ts';
import type { DeliveryAudit } from './operator-deps.ts';
import * as z from 'zod/mini';
import '../platform/zod-locale.ts';
import { validQuery } from './validate.ts';

const day = z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')));
const ignoredQuery = z.object({ from: day, to: day });
/** A month of days at most: each day is IGNORED_SHARDS small queries. */
const MAX_IGNORED_DAYS = 31;
const DAY_MS = 86_400_000;
/** A calendar day (the pattern lets 2026-11-31 through; Date.parse would quietly make it 12-01). */
const isDay = (d: string) => !Number.isNaN(Date.parse(d)) && new Date(Date.parse(d)).toISOString().slice(0, 10) === d;

/** `GET /deliveries/:provider/:deliveryId`: the audit view of one delivery (never its payload). */
export function deliveryRoutes(audit: DeliveryAudit, now: () => Date) {
  const app = new Hono<AppEnv>();
  /**
   * `GET /deliveries/ignored?from=&to=` (UTC days, default the last 7): how many deliveries of each
   * topic the adapters acknowledged and ignored, per day and provider. Counted exactly on arrival;
   * the bodies were never stored.
   */
  app.get('/ignored', validQuery(ignoredQuery), async (c) => {
    const q = c.req.valid('query');
    const to = q.to ?? now().toISOString().slice(0, 10);
    const from = q.from ?? new Date(Date.parse(to) - 6 * DAY_MS).toISOString().slice(0, 10);
    const span = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
    if (!isDay(from) || !isDay(to) || !(span >= 1 && span <= MAX_IGNORED_DAYS)) throw badRequest('invalid_request', `from must be a valid day on or before to, at most ${MAX_IGNORED_DAYS} days apart`);
    const days = Array.from({ length: span }, (_, i) => new Date(Date.parse(from) + i * DAY_MS).toISOString().slice(0, 10));
    const items = await audit.records.ignoredCounts(days);
    return c.json({ from, to, total: items.reduce((n, i) => n + i.count, 0), items });
  });
  app.get('/:provider/:deliveryId', async (c) => {
    const r = await audit.records.get(c.req.param('provider'), c.req.param('deliveryId'));
    if (!r) throw notFound('delivery_not_found', 'no delivery with that id');
    return c.json({
      provider: r.provider,
      deliveryId: r.deliveryId,
      state: r.state,
      outcome: r.outcome,
      receivedAt: r.receivedAt,
      sourceEventType: r.sourceEventType,
      events: (r.events ?? []).map((e) => ({ id: e.id, type: e.type, occurredAt: e.occurredAt })),
      quarantineReason: r.quarantineReason === undefined ? undefined : scrubPii(r.quarantineReason),
      expiresAt: r.expiresAt ? new Date(r.expiresAt * 1000).toISOString() : undefined,
    });
  });
  /**
   * `GET /deliveries/:provider/:deliveryId/body` (admin: the raw payload): what arrived, byte for
   * byte, with its headers. A quarantined (or audit-less) record holds it; a done delivery's body
   * is read back from audit storage by the record's own provider, id and receive time.
   */
  app.get('/:provider/:deliveryId/body', async (c) => {
    const r = await audit.records.get(c.req.param('provider'), c.req.param('deliveryId'));
    if (!r) throw notFound('delivery_not_found', 'no delivery with that id');
    const copy = r.body ? { headers: r.headers ?? {}, body: r.body } : await audit.bodies?.get(r.provider, r.deliveryId, r.receivedAt);
    // Ignored topics are never stored in full; a body past the retention window is gone with it.
    if (!copy?.body) throw notFound('body_not_stored', r.outcome === 'ignored' ? 'an ignored topic is counted, not stored in full' : 'no stored body for this delivery');
    return c.json({ provider: r.provider, deliveryId: r.deliveryId, bodySha256: r.bodySha256, headers: copy.headers, body: copy.body });
  });
  return app;
}
