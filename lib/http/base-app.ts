import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HubError, httpStatusOf, isDependencyUnavailable } from '../platform/errors.ts';
import type { Logger } from '../platform/logger.ts';

export type AppEnv = {
  Variables: {
    requestId: string;
    provider?: string;
    /** Who is acting (set by operator-auth); its name is the actor of every change. */
    operator?: { name: string; role: 'viewer' | 'agent' | 'admin' };
    /** How the request authenticated: a bearer header, the session cookie, or open local mode. */
    authVia?: 'bearer' | 'session' | 'open';
    /** The page's CSRF token (derived from the session id; empty without a session). */
    csrfToken?: string;
    /** Set by hono/secure-headers: the CSP nonce of this response's inline script. */
    secureHeadersNonce?: string;
  };
};

/**
 * What every front function shares: request ids, one structured log line per request, and the ONE
 * place where errors become HTTP answers. Module errors say what went wrong (`kind`); this maps the
 * kind to a status. A dependency that does not answer is a 503 on every route, never a 500.
 */
export function createBaseApp(logger: Logger): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requestId({ headerName: 'x-request-id', generator: () => crypto.randomUUID() }));
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    // The route pattern, not the raw path: paths can be long, hostile, or carry an order id.
    logger.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      route: routePath(c),
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      provider: c.get('provider'),
      operator: c.get('operator')?.name,
    });
  });
  app.notFound((c) => c.json({ error: { code: 'not_found', message: 'no such route', requestId: c.get('requestId') } }, 404));
  app.onError((err, c) => {
    const rid = c.get('requestId');
    if (err instanceof HubError) {
      const status = httpStatusOf(err);
      if (status >= 500) logger.error('dependency unavailable', { requestId: rid, code: err.code, cause: describeCause(err.cause) });
      else logger.info('request rejected', { requestId: rid, code: err.code, status });
      if (status === 503) c.header('retry-after', '5');
      return c.json({ error: { code: err.code, message: err.message, requestId: rid } }, status as ContentfulStatusCode);
    }
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      const code = status === 413 ? 'payload_too_large' : status === 401 ? 'unauthorized' : 'bad_request';
      return c.json({ error: { code, message: err.message || code.replace(/_/g, ' '), requestId: rid } }, status);
    }
    if (isDependencyUnavailable(err)) {
      logger.error('dependency unavailable', { requestId: rid, cause: describeCause(err) });
      c.header('retry-after', '5');
      return c.json({ error: { code: 'storage_unavailable', message: 'storage is not answering; retry later', requestId: rid } }, 503);
    }
    logger.error('unhandled error', { requestId: rid, error: describeCause(err) });
    return c.json({ error: { code: 'internal_error', message: 'unexpected error', requestId: rid } }, 500);
  });
  return app;
}

function describeCause(err: unknown): string | undefined {
  return err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 300) : undefined;
}
