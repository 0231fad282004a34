import { Hono } from 'hono';
import type { Runtime } from '../runtime.ts';
import type { AppEnv } from './app.ts';
import { quarantineRoutes } from './quarantine-routes.ts';
import { deliveryRoutes } from './delivery-routes.ts';

/** The read and operate API (contract §2). Each feature mounts its own small router here. */
export function apiRoutes(rt: Runtime) {
  const app = new Hono<AppEnv>();
  app.route('/quarantine', quarantineRoutes(rt));
  app.route('/deliveries', deliveryRoutes(rt));
  return app;
}
