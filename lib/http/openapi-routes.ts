import { Hono } from 'hono';
import { openApiDocument } from './openapi.ts';

/** `/openapi.json`: the machine-readable API description (operator-api; no credentials needed). */
export function openApiRoutes() {
  const app = new Hono();
  const doc = openApiDocument();
  app.get('/openapi.json', (c) => c.json(doc));
  return app;
}
