import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Principal } from '../operators/operator-types.ts';
import { safeEqual } from '../operators/secrets.ts';
import type { AppEnv } from './base-app.ts';
import { checkCsrf, isHttps, SESSION_COOKIE } from './operator-auth.ts';
import type { OperatorAccess } from './operator-deps.ts';
import { signInPage } from './desk/sign-in-page.tsx';
import { pickLang } from './dashboard-i18n.ts';
import { notSignedIn } from '../operators/errors.ts';
import { sessionBody } from './schemas.ts';

/**
 * `POST /session` trades an operator token (or API_TOKEN) for the `hub_session` cookie, so the
 * token is typed once into a form and never travels in a URL; `POST /session/logout` ends it.
 */
export function sessionRoutes(o: { apiToken?: string; access: OperatorAccess }) {
  const app = new Hono<AppEnv>();

  app.post('/session', async (c) => {
    // Login CSRF: another site must not sign a victim's browser in to the attacker's account.
    await checkCsrf(c, false);
    const isJson = /^application\/json/i.test(c.req.header('content-type') ?? '');
    const raw = isJson ? await c.req.json().catch(() => ({})) : await c.req.parseBody();
    const parsed = sessionBody.safeParse(raw);
    const token = parsed.success ? parsed.data.token.trim() : '';
    const who: (Principal & { builtin?: boolean }) | undefined =
      o.apiToken && token && safeEqual(token, o.apiToken) ? { name: 'admin', role: 'admin', builtin: true } : token ? await o.access.store.authenticate(token) : undefined;
    if (!who) {
      if (isJson) throw notSignedIn('invalid token');
      const lang = pickLang(c.req.query('lang'), c.req.header('accept-language'));
      return c.html(signInPage({ lang, nonce: c.get('secureHeadersNonce'), failed: true }), 401);
    }
    const old = getCookie(c, SESSION_COOKIE);
    if (old) await o.access.sessions.delete(old); // a new sign-in never keeps an older session id alive
    const s = await o.access.sessions.create(who, o.access.sessionTtlSeconds);
    setCookie(c, SESSION_COOKIE, s.id, { httpOnly: true, sameSite: 'Strict', path: '/', secure: isHttps(c), expires: s.expiresAt, maxAge: o.access.sessionTtlSeconds });
    return c.redirect('/', 303);
  });

  app.post('/session/logout', async (c) => {
    const id = getCookie(c, SESSION_COOKIE);
    if (id) await o.access.sessions.delete(id);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
    return c.redirect('/', 303);
  });

  return app;
}
