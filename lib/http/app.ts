import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HttpError } from '../platform/errors.ts';
import type { Runtime } from '../runtime.ts';
import { healthRoutes } from './health-routes.ts';
import { webhookRoutes } from './webhook-routes.ts';
import { apiAuth } from './api-auth.ts';
import { apiRoutes } from './api-routes.ts';
import { docsRoutes } from './docs-routes.tsx';

export type AppEnv = { Variables: { requestId: string; provider?: string } };

/**
 * The one Hono app: webhooks, the read/operate API and health. Runs unchanged on Lambda
 * (`functions/webhook-api`) and on `@hono/node-server` locally.
 */
export function createApp(rt: Runtime): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', requestId({ headerName: 'x-request-id', generator: () => crypto.randomUUID() }));
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    // One structured line per request; no bodies, no query strings (they can carry PII).
    rt.logger.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      provider: c.get('provider'),
    });
  });

  app.route('/', healthRoutes(rt));
  app.route('/webhooks', webhookRoutes(rt));
  app.route('/', docsRoutes());
  app.use('*', apiAuth(rt.config.API_TOKEN));
  app.route('/', apiRoutes(rt));

  app.notFound((c) => c.json({ error: { code: 'not_found', message: 'no such route', requestId: c.get('requestId') } }, 404));
  app.onError((err, c) => {
    const rid = c.get('requestId');
    if (err instanceof HttpError) {
      if (err.status >= 500) rt.logger.error('dependency unavailable', { requestId: rid, code: err.code, cause: describeCause(err.cause) });
      else rt.logger.info('request rejected', { requestId: rid, code: err.code, status: err.status });
      if (err.status === 503) c.header('retry-after', '5');
      return c.json({ error: { code: err.code, message: err.message, requestId: rid } }, err.status as ContentfulStatusCode);
    }
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      const code = status === 413 ? 'payload_too_large' : status === 401 ? 'unauthorized' : 'bad_request';
      return c.json({ error: { code, message: err.message || code.replace(/_/g, ' '), requestId: rid } }, status);
    }
    rt.logger.error('unhandled error', { requestId: rid, error: describeCause(err) });
    return c.json({ error: { code: 'internal_error', message: 'unexpected error', requestId: rid } }, 500);
  });
  return app;
}

function describeCause(err: unknown): string | undefined {
  return err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 300) : undefined;
}
