import type { Hono } from 'hono';
import type { AppEnv } from './base-app.ts';
import { operatorAuth } from './operator-auth.ts';
import type { OperatorAuthDeps } from './operator-deps.ts';
import { securityHeaders } from './security-headers.ts';

/** One operator front's routes: those anyone may read (docs), and those behind operator-auth. */
export interface FrontPart {
  open?: Hono<any>;
  guarded: Hono<AppEnv>;
}

/**
 * The order every operator front keeps (operator-api, desk, and both on the local server): security
 * headers on every answer, then the open routes, then who is calling (operator-auth also checks CSRF
 * and the role table for changes), then the guarded routes, in the order of `parts`.
 */
export function mountOperatorFront(app: Hono<AppEnv>, d: OperatorAuthDeps, parts: readonly FrontPart[]): Hono<AppEnv> {
  app.use('*', securityHeaders());
  for (const p of parts) if (p.open) app.route('/', p.open);
  app.use('*', operatorAuth({ apiToken: d.apiToken, access: d.operators }));
  for (const p of parts) app.route('/', p.guarded);
  return app;
}
