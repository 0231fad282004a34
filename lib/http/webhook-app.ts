import { createBaseApp } from './base-app.ts';
import { healthRoutes, type HealthProbe } from './health-routes.ts';
import { webhookRoutes, type WebhookDeps } from './webhook-routes.ts';

/** The public front (`webhook-api`): provider webhooks and health, nothing that reads the table. */
export function createWebhookApp(d: WebhookDeps & { health: HealthProbe }) {
  const app = createBaseApp(d.logger);
  app.route('/', healthRoutes(d.health));
  app.route('/webhooks', webhookRoutes(d));
  return app;
}
