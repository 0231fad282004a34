import type { MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';

/**
 * When API_TOKEN is set, every route but /webhooks/* and /health needs `Authorization: Bearer`.
 * Deployed, API Gateway's authorizer sits in front as well.
 */
/** Health for load balancers; the API description is no secret. */
const PUBLIC_PATHS = new Set(['/health', '/openapi.json', '/docs']);

export function apiAuth(token: string | undefined): MiddlewareHandler {
  if (!token) return async (_c, next) => next();
  const check = bearerAuth({ token });
  return async (c, next) => {
    if (PUBLIC_PATHS.has(c.req.path) || c.req.path.startsWith('/webhooks/')) return next();
    return check(c, next);
  };
}
