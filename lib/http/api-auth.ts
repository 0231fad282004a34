import type { MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { getCookie, setCookie } from 'hono/cookie';
import { timingSafeEqual } from 'node:crypto';

const COOKIE = 'hub_token';
const safeEqualText = (a: string, b: string) => {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
};

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
    // Browsers cannot send a bearer header when navigating: `/?token=…` once sets an HttpOnly,
    // SameSite=Strict cookie that the dashboard (and its replay button) then carries.
    if (c.req.path === '/' && c.req.query('token') !== undefined) {
      if (!safeEqualText(c.req.query('token')!, token)) return c.json({ error: { code: 'unauthorized', message: 'invalid token' } }, 401);
      setCookie(c, COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/', secure: new URL(c.req.url).protocol === 'https:' });
      return c.redirect('/');
    }
    if (safeEqualText(getCookie(c, COOKIE) ?? '', token)) return next();
    return check(c, next);
  };
}
