import { Hono } from 'hono';
import type { Runtime } from '../runtime.ts';
import type { AppEnv } from './app.ts';
import { quarantineRoutes } from './quarantine-routes.ts';
import { deliveryRoutes } from './delivery-routes.ts';
import { complaintRoutes } from './complaint-routes.ts';
import { logisticsRoutes } from './logistics-routes.ts';
import { computeStats } from '../complaints/domain/stats.ts';
import { dashboardRoutes } from './dashboard.tsx';

/** The read and operate API (contract §2). Each feature mounts its own small router here. */
export function apiRoutes(rt: Runtime) {
  const app = new Hono<AppEnv>();
  app.route('/', dashboardRoutes(rt));
  app.route('/quarantine', quarantineRoutes(rt));
  app.route('/deliveries', deliveryRoutes(rt));
  app.route('/complaints', complaintRoutes(rt));
  app.route('/', logisticsRoutes(rt));
  app.get('/stats', async (c) => c.json(computeStats(await rt.complaints.all())));
  return app;
}
