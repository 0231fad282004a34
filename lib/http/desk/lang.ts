import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { pickLang, type Lang } from '../dashboard-i18n.ts';

/** `?lang=` wins and is remembered (cookie), so links and redirects after a form keep the language. */
export function langOf(c: Context): Lang {
  const q = c.req.query('lang');
  if (q === 'zh' || q === 'en') {
    setCookie(c, 'hub_lang', q, { path: '/', sameSite: 'Lax', httpOnly: true, maxAge: 365 * 86400 });
    return q;
  }
  return pickLang(getCookie(c, 'hub_lang'), c.req.header('accept-language'));
}
