import { Hono } from 'hono';
import { scrubPii } from '../platform/masking.ts';
import { notFound } from '../platform/errors.ts';
import type { AppEnv } from './base-app.ts';
import type { DeliveryAudit } from './operator-deps.ts';

/** `GET /deliveries/:provider/:deliveryId`: the audit view of one delivery (never its payload). */
export function deliveryRoutes(audit: DeliveryAudit) {
  const app = new Hono<AppEnv>();
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
