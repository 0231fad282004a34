import type { Hono } from 'hono';
import { computeStats } from '../complaints/domain/stats.ts';
import { apiAuth } from './api-auth.ts';
import { createBaseApp, type AppEnv } from './base-app.ts';
import { complaintRoutes } from './complaint-routes.ts';
import { dashboardRoutes } from './dashboard.tsx';
import { deliveryRoutes } from './delivery-routes.ts';
import { docsRoutes } from './docs-routes.tsx';
import { healthRoutes } from './health-routes.ts';
import { logisticsRoutes } from './logistics-routes.ts';
import type { OperatorDeps } from './operator-deps.ts';
import { quarantineRoutes } from './quarantine-routes.ts';

/**
 * The read and operate API (contract §2), the dashboard and the docs, mounted on a base app. The
 * `operator-api` function serves exactly this; the local server mounts it beside the webhooks.
 */
export function mountOperatorRoutes(app: Hono<AppEnv>, d: OperatorDeps): Hono<AppEnv> {
  app.route('/', docsRoutes());
  app.use('*', apiAuth(d.apiToken));
  app.route('/', dashboardRoutes(d));
  app.route('/quarantine', quarantineRoutes(d.deliveries));
  app.route('/deliveries', deliveryRoutes(d.deliveries));
  app.route('/complaints', complaintRoutes(d.complaints));
  app.route('/', logisticsRoutes(d.logistics, d.now));
  app.get('/stats', async (c) => c.json(computeStats(await d.complaints.all())));
  return app;
}

/** The operator front (`operator-api`): health, docs, the desk and the read/operate API. */
export function createOperatorApp(d: OperatorDeps) {
  const app = createBaseApp(d.logger);
  app.route('/', healthRoutes(d.health));
  return mountOperatorRoutes(app, d);
}
