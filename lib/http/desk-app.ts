import { Hono } from 'hono';
import { createBaseApp, type AppEnv } from './base-app.ts';
import { dashboardRoutes } from './dashboard.tsx';
import { docsRoutes } from './docs-routes.tsx';
import type { DeskDeps } from './operator-deps.ts';
import { mountOperatorFront, type FrontPart } from './operator-front.ts';
import { sessionRoutes } from './session-routes.ts';

/**
 * What a browser loads: `/docs` open; behind operator-auth the sign-in exchange (`POST /session`,
 * `/session/logout`), the board at `/`, `/desk/*` (pages, CSV export, the no-JS form posts). The
 * pages' script calls the JSON API (PATCH /complaints/:id, POST /quarantine/:id/replay) with the cookie.
 */
export function deskFront(d: DeskDeps): FrontPart {
  const guarded = new Hono<AppEnv>();
  guarded.route('/', sessionRoutes({ apiToken: d.apiToken, access: d.operators }));
  guarded.route('/', dashboardRoutes(d));
  return { open: docsRoutes(), guarded };
}

/** The desk alone on a base app (what the `desk` function serves). */
export function mountDeskRoutes(app: Hono<AppEnv>, d: DeskDeps): Hono<AppEnv> {
  return mountOperatorFront(app, d, [deskFront(d)]);
}

/** The `desk` function. */
export function createDeskApp(d: DeskDeps) {
  return mountDeskRoutes(createBaseApp(d.logger), d);
}
