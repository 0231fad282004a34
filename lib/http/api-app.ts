import { Hono } from 'hono';
import { createBaseApp, type AppEnv } from './base-app.ts';
import { complaintRoutes } from './complaint-routes.ts';
import { deliveryRoutes } from './delivery-routes.ts';
import { healthRoutes } from './health-routes.ts';
import { logisticsRoutes } from './logistics-routes.ts';
import { openApiRoutes } from './openapi-routes.ts';
import type { ApiDeps } from './operator-deps.ts';
import { mountOperatorFront, type FrontPart } from './operator-front.ts';
import { operatorsRoutes } from './operators-routes.ts';
import { quarantineRoutes } from './quarantine-routes.ts';
import { statsQuery } from './schemas.ts';
import { validQuery } from './validate.ts';
import type { Breakdown } from '../complaints/domain/stats.ts';

/**
 * The JSON read and operate API (contract §2): `/openapi.json` open, the rest behind operator-auth
 * (bearer tokens, or the desk's session cookie with its CSRF token). No page, no hono/jsx.
 */
export function apiFront(d: ApiDeps): FrontPart {
  const guarded = new Hono<AppEnv>();
  guarded.route('/operators', operatorsRoutes(d.operators));
  guarded.route('/quarantine', quarantineRoutes(d.deliveries));
  guarded.route('/deliveries', deliveryRoutes(d.deliveries, d.now));
  guarded.route('/complaints', complaintRoutes(d.complaints));
  guarded.route('/', logisticsRoutes(d.logistics, d.now, d.complaints));
  guarded.get('/stats', validQuery(statsQuery), async (c) => {
    const { breakdown } = c.req.valid('query');
    return c.json(await d.complaints.stats({ breakdown: breakdown ? (breakdown.split(',') as Breakdown[]) : [] }));
  });
  return { open: openApiRoutes(), guarded };
}

/** The API alone on a base app (what `operator-api` serves behind /health). */
export function mountApiRoutes(app: Hono<AppEnv>, d: ApiDeps): Hono<AppEnv> {
  return mountOperatorFront(app, d, [apiFront(d)]);
}

/** The `operator-api` function: health and the read/operate API. */
export function createApiApp(d: ApiDeps) {
  const app = createBaseApp(d.logger);
  app.route('/', healthRoutes(d.health));
  return mountApiRoutes(app, d);
}
