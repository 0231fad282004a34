import { Hono } from 'hono';
import { scrubPii } from '../platform/masking.ts';
import * as z from 'zod/mini';
import '../platform/zod-locale.ts';
import { notFound } from '../platform/errors.ts';
import { parseQuarantineId, quarantineId, type RawEventRecord } from '../intake/raw-event-store.ts';
import type { AppEnv } from './base-app.ts';
import type { DeliveryAudit } from './operator-deps.ts';
import { validQuery } from './validate.ts';

const listQuery = z.object({ limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 50), cursor: z.optional(z.string().check(z.maxLength(2000))) });

/** Public view of a quarantined delivery: what and why, never the payload (it may hold personal data). */
export function toQuarantineView(r: RawEventRecord) {
  return {
    id: quarantineId(r.provider, r.deliveryId),
    provider: r.provider,
    deliveryId: r.deliveryId,
    receivedAt: r.receivedAt,
    // A reason can quote a value from the payload: scrubbed like every free text leaving the API.
    reason: r.quarantineReason === undefined ? undefined : scrubPii(r.quarantineReason),
    bytes: r.body ? Buffer.byteLength(r.body.data, r.body.encoding) : undefined,
  };
}

export function quarantineRoutes(audit: DeliveryAudit) {
  const app = new Hono<AppEnv>();
  app.get('/', validQuery(listQuery), async (c) => {
    const q = c.req.valid('query');
    const page = await audit.records.listQuarantine(q.limit, q.cursor);
    return c.json({ items: page.items.map(toQuarantineView), nextCursor: page.nextCursor });
  });
  app.post('/:id/replay', async (c) => {
    const ref = parseQuarantineId(c.req.param('id'));
    const record = ref && (await audit.records.get(ref.provider, ref.deliveryId));
    if (!record || record.state !== 'quarantined') throw notFound('quarantine_not_found', 'no quarantined event with that id');
    const result = await audit.replay(record);
    return c.json(result, result.replayed ? 202 : 422);
  });
  return app;
}
