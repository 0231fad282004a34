import type { MiddlewareHandler } from 'hono';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './base-app.ts';

/**
 * Every operator response: a CSP whose only inline script is the page's own (nonce), no framing
 * (frame-ancestors 'none' + X-Frame-Options for old browsers), nosniff, no referrer to other sites (desk URLs name
 * orders; `no-referrer` would make Chromium send `Origin: null` on the desk's own form posts), and `Cache-Control: no-store` — pages and answers carry personal data and CSRF tokens
 * that must not sit in a shared or back-button cache. Inline `style` attributes stay allowed: the
 * desk colours cards by tier, and CSS cannot run script.
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", NONCE],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
  });
  return async (c, next) => {
    await headers(c, async () => {
      await next();
      c.header('cache-control', 'no-store');
    });
  };
}
