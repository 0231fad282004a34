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
  return app;
}
