import type { Hono } from 'hono';
import { createBaseApp, type AppEnv } from './base-app.ts';
import { complaintRoutes } from './complaint-routes.ts';
import { dashboardRoutes } from './dashboard.tsx';
import { deliveryRoutes } from './delivery-routes.ts';
import { docsRoutes } from './docs-routes.tsx';
import { healthRoutes } from './health-routes.ts';
import { logisticsRoutes } from './logistics-routes.ts';
import { operatorAuth } from './operator-auth.ts';
import type { OperatorDeps } from './operator-deps.ts';
import { operatorsRoutes } from './operators-routes.ts';
import { quarantineRoutes } from './quarantine-routes.ts';
import { securityHeaders } from './security-headers.ts';
import { sessionRoutes } from './session-routes.ts';

/**
 * The read and operate API (contract §2), the desk and the docs, mounted on a base app. The
 * `operator-api` function serves exactly this; the local server mounts it beside the webhooks.
 * Order matters: security headers on every answer, then who is calling (operator-auth also checks
 * CSRF and the role table for changes), then the routes.
 */
export function mountOperatorRoutes(app: Hono<AppEnv>, d: OperatorDeps): Hono<AppEnv> {
  const auth = { apiToken: d.apiToken, access: d.operators };
  app.use('*', securityHeaders());
  app.route('/', docsRoutes());
  app.use('*', operatorAuth(auth));
  app.route('/', sessionRoutes(auth));
  app.route('/', dashboardRoutes(d));
  app.route('/operators', operatorsRoutes(d.operators));
  app.route('/quarantine', quarantineRoutes(d.deliveries));
  app.route('/deliveries', deliveryRoutes(d.deliveries, d.now));
  app.route('/complaints', complaintRoutes(d.complaints));
  app.route('/', logisticsRoutes(d.logistics, d.now, d.complaints));
  app.get('/stats', async (c) => c.json(await d.complaints.stats()));
  return app;
}

/** The operator front (`operator-api`): health, docs, the desk and the read/operate API. */
export function createOperatorApp(d: OperatorDeps) {
  const app = createBaseApp(d.logger);
  app.route('/', healthRoutes(d.health));
  return mountOperatorRoutes(app, d);
}
