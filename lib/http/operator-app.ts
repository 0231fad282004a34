import type { Hono } from 'hono';
import { apiFront } from './api-app.ts';
import type { AppEnv } from './base-app.ts';
import { deskFront } from './desk-app.ts';
import type { ApiDeps, DeskDeps } from './operator-deps.ts';
import { mountOperatorFront } from './operator-front.ts';

/**
 * Both operator fronts on one app: the local server's (lib/local/service.ts), where deployed API
 * Gateway splits the paths between `desk` (lib/http/desk-app.ts) and `operator-api`
 * (lib/http/api-app.ts). One chain, in the order each function keeps: security headers, docs and
 * `/openapi.json`, operator-auth, then the session and desk routes, then the API.
 * (No Lambda imports this module: each bundles only its own front.)
 */
export function mountOperatorRoutes(app: Hono<AppEnv>, d: { api: ApiDeps; desk: DeskDeps }): Hono<AppEnv> {
  return mountOperatorFront(app, d.api, [deskFront(d.desk), apiFront(d.api)]);
}
