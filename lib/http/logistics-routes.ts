import { Hono } from 'hono';
import * as z from 'zod/mini';
import '../platform/zod-locale.ts';
import { toNotificationView, type NotificationRecord } from '../notifications/notification-types.ts';
import { toAlertView } from '../logistics/alert-rules.ts';
import type { StallAlert } from '../logistics/alert-types.ts';
import { carrierDelayLedger } from '../logistics/carrier-delays.ts';
import type { AppEnv } from './base-app.ts';
import type { ComplaintDesk, LogisticsView } from './operator-deps.ts';
import { alertListQuery, notificationListQuery } from './schemas.ts';
import { validQuery } from './validate.ts';
import { collectPages } from '../platform/table/index-query.ts';

const alertPageQuery = z.extend(alertListQuery, {
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000)), 200),
  cursor: z.optional(z.string().check(z.maxLength(4000))),
});

const isoTime = z.pipe(z.iso.datetime({ offset: true }), z.transform((s) => new Date(s).toISOString()));
export const carrierDelayQuery = z.object({ from: z.optional(isoTime), to: z.optional(isoTime) });

/**
 * Logistics stalls (contract §2 and §4): alerts by state, the proactive notifications of an
 * incident / batch / order, the carrier delay ledger, and a scan trigger for the CLI and tests.
 * Every listing is a Query on an index; none scans the table.
 */
export function logisticsRoutes(v: LogisticsView, now: () => Date, quality: Pick<ComplaintDesk, 'qualityAlerts'>) {
  const app = new Hono<AppEnv>();

  app.get('/alerts', validQuery(alertPageQuery), async (c) => {
    const q = c.req.valid('query');
    // Quality alerts are few (one per SKU/batch and window): one answer, no cursor.
    if (q.type === 'quality_batch') return c.json({ items: await quality.qualityAlerts(q.state) });
    const page = await v.alerts.list(q.state, { limit: q.limit, cursor: q.cursor });
    return c.json({ items: page.items.map((a) => toAlertView(a, now())), nextCursor: page.nextCursor });
  });

  app.get('/notifications', validQuery(notificationListQuery), async (c) => {
    const q = c.req.valid('query');
    // An incident has at most one notification per order of its batch: small enough for one answer.
    const items: NotificationRecord[] = await collectPages((cursor) => v.notifications.list(q, 500, cursor));
    return c.json({ items: items.map(toNotificationView) });
  });

  app.get('/carrier-delays', validQuery(carrierDelayQuery), async (c) => {
    const q = c.req.valid('query');
    const alerts: StallAlert[] = [...(await v.alerts.all('open', q)), ...(await v.alerts.all('resolved', q))];
    const terms = v.carrierTerms;
    const items = carrierDelayLedger(alerts, terms, now());
    const owed = items.reduce((sum, l) => sum + l.compensationOwed.value, 0);
    return c.json({ ...terms, from: q.from, to: q.to, totalOwed: { value: Math.round(owed * 100) / 100, currency: 'CNY' }, items });
  });

  // Role agent: re-queue a failed proactive notification of an incident.
  app.post('/incidents/:incidentId/notifications/:orderId/retry', async (c) => {
    const r = await v.retryNotification(c.req.param('incidentId'), c.req.param('orderId'));
    return c.json(r, 202);
  });

  app.post('/stall-scan', async (c) => {
    const r = await v.triggerScan();
    return r.status === 200 ? c.json(r.result) : c.json({ scanId: r.scanId }, 202);
  });

  return app;
}
