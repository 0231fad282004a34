import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { createHash } from 'node:crypto';
import { csrfFailed, forbidden, notSignedIn } from '../operators/errors.ts';
import { roleAllows, type Principal, type Role } from '../operators/operator-types.ts';
import { safeEqual } from '../operators/secrets.ts';
import type { AppEnv } from './base-app.ts';
import type { OperatorAccess } from './operator-deps.ts';

export const SESSION_COOKIE = 'hub_session';

/** Health for load balancers, the API description, and the sign-in exchange need no credentials. */
const PUBLIC = new Set(['/health', '/openapi.json', '/docs']);
const isPublic = (c: Context) => PUBLIC.has(c.req.path) || c.req.path.startsWith('/webhooks/') || (c.req.method === 'POST' && c.req.path === '/session');
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Bound to the session: only a holder of the (HttpOnly) cookie's id can compute it. */
export const csrfTokenFor = (sessionId: string) => createHash('sha256').update(`csrf\0${sessionId}`).digest('base64url');

/**
 * Who is calling, once per request:
 *   1. `Authorization: Bearer` — API_TOKEN (the built-in `admin`) or an operator token;
 *   2. the `hub_session` cookie — a server-side session, re-checked against the account each time,
 *      so revoking an operator ends its sessions too;
 *   3. nothing — open local mode while neither API_TOKEN nor any operator exists (acts as
 *      `anonymous` admin), else 401, except `GET /`, which shows the sign-in form.
 */
export function operatorAuth(o: { apiToken?: string; access: OperatorAccess }): MiddlewareHandler<AppEnv> {
  // Once an operator exists there is no way back to open mode; deployed there is none at all (the
  // first admin is created with `operators add --table`), so the first visitor of a new stack is nobody.
  let locked = Boolean(o.apiToken) || !o.access.openWhenEmpty;
  const openMode = async () => !locked && !(locked = await o.access.store.everHadOperators());
  return async (c, next) => {
    if (isPublic(c)) return next();
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? '';
      const who: Principal | undefined = o.apiToken && safeEqual(token, o.apiToken) ? { name: 'admin', role: 'admin' } : await o.access.store.authenticate(token);
      if (!who) throw notSignedIn('invalid token');
      return proceed(c, next, who, 'bearer');
    }
    const sessionId = getCookie(c, SESSION_COOKIE);
    if (sessionId) {
      const s = await o.access.sessions.get(sessionId);
      const who = !s ? undefined : s.builtin ? (o.apiToken ? { name: 'admin', role: 'admin' as const } : undefined) : await o.access.store.active(s.name);
      if (who) {
        c.set('csrfToken', csrfTokenFor(sessionId));
        return proceed(c, next, who, 'session');
      }
      deleteCookie(c, SESSION_COOKIE, { path: '/' }); // expired or revoked: the browser drops it
    }
    if (await openMode()) return proceed(c, next, { name: 'anonymous', role: 'admin' }, 'open');
    // The page itself answers without a session: it is the sign-in form.
    if (c.req.method === 'GET' && c.req.path === '/') return next();
    if (c.req.method === 'GET' && c.req.path.startsWith('/desk/')) return c.redirect('/', 303);
    throw notSignedIn();
  };
}

async function proceed(c: Context<AppEnv>, next: () => Promise<void>, who: Principal, via: 'bearer' | 'session' | 'open') {
  c.set('operator', who);
  c.set('authVia', via);
  if (!SAFE_METHODS.has(c.req.method)) {
    if (via !== 'bearer') await checkCsrf(c, via === 'session');
    const needs = requiredRole(c.req.method, c.req.path);
    if (!roleAllows(who.role, needs)) throw forbidden(`role ${who.role} may not do this (needs ${needs})`);
  } else if (c.req.path.startsWith('/operators') && !roleAllows(who.role, 'admin')) {
    throw forbidden(`role ${who.role} may not do this (needs admin)`);
  }
  await next();
}

/**
 * The one role table. Reading is for everyone signed in; changing needs `agent`; replaying
 * quarantine, reading a delivery's body and managing operators needs `admin`. Signing out needs only a session.
 */
export function requiredRole(method: string, path: string): Role {
  // A delivery's body is the raw payload (personal data): admin only, like replaying it.
  if (path.startsWith('/operators') || /^\/quarantine\/[^/]+\/replay$/.test(path) || /^\/deliveries\/[^/]+\/[^/]+\/body$/.test(path)) return 'admin';
  if (path === '/session/logout') return 'viewer';
  return SAFE_METHODS.has(method) ? 'viewer' : 'agent';
}

/**
 * Cookie-borne requests that change state: the browser must say the request comes from this very
 * origin (`Sec-Fetch-Site: same-origin`, or `Origin` equal to ours — SameSite=Strict alone lets
 * sibling origins on the same site through), and with a session it must also carry the page's
 * CSRF token (`x-csrf-token` header or `_csrf` form field). Bearer requests are exempt: a browser
 * never attaches that header by itself.
 */
export async function checkCsrf(c: Context<AppEnv>, needToken: boolean): Promise<void> {
  const site = c.req.header('sec-fetch-site');
  const origin = c.req.header('origin');
  // Sec-Fetch-Site is set by the browser alone and is decisive when present (Origin may be "null"
  // under some referrer policies); older browsers send only Origin.
  if (site !== undefined) {
    if (site !== 'same-origin') throw csrfFailed(`cross-origin request refused (Sec-Fetch-Site: ${site.slice(0, 20)})`);
  } else if (origin !== undefined) {
    if (origin !== selfOrigin(c)) throw csrfFailed('cross-origin request refused (Origin does not match)');
  } else if (needToken) {
    throw csrfFailed('request without Origin or Sec-Fetch-Site refused for a cookie session');
  }
  if (!needToken) return;
  const expected = c.get('csrfToken') ?? '';
  let sent = c.req.header('x-csrf-token');
  if (sent === undefined && /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(c.req.header('content-type') ?? '')) {
    const form = await c.req.parseBody(); // cached by Hono: the route reads the same parsed body
    sent = typeof form._csrf === 'string' ? form._csrf : undefined;
  }
  if (!expected || !sent || !safeEqual(sent, expected)) throw csrfFailed('missing or wrong CSRF token; reload the page');
}

/** This service's own origin as the browser sees it (Lambda's adapter builds the URL from Host, https). */
export const selfOrigin = (c: Context) => new URL(c.req.url).origin;
export const isHttps = (c: Context) => new URL(c.req.url).protocol === 'https:';
