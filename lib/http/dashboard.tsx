import { Hono, type Context } from 'hono';
import { STATUSES } from '../complaints/domain/complaint-types.ts';
import type * as z from 'zod/mini';
import { badRequest, HubError } from '../platform/errors.ts';
import { collectPages } from '../platform/table/index-query.ts';
import type { AppEnv } from './base-app.ts';
import { LABELS } from './dashboard-i18n.ts';
import { boardPage } from './desk/board-page.tsx';
import { complaintPage } from './desk/complaint-page.tsx';
import { complaintsCsv } from './desk/csv.ts';
import { incidentPage } from './desk/incident-page.tsx';
import { langOf } from './desk/lang.ts';
import { signInPage } from './desk/sign-in-page.tsx';
import { complaintNotFound } from '../complaints/errors.ts';
import type { DeskDeps } from './operator-deps.ts';
import { complaintListQuery, complaintPatchBody } from './schemas.ts';
import { versionFrom } from './complaint-routes.ts';

type Rt = Pick<DeskDeps, 'complaints' | 'logistics' | 'deliveries' | 'now'>;
const FILTER_KEYS = ['orderId', 'status', 'tier', 'category', 'owner', 'breached', 'platform'] as const;
/** Upper bound of one CSV export (a filtered list, not a backup). */
const CSV_MAX = 10_000;

/** The filter fields of a query string; empty form fields (an unselected "any") mean no filter. */
function filterQuery(c: Context): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of FILTER_KEYS) {
    const v = c.req.query(k)?.trim();
    if (v) out[k] = v;
  }
  return out;
}

/** Form and query input of the pages: a bad value is a 400 naming the field, like the JSON routes. */
function valid<T extends z.ZodMiniType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw badRequest('invalid_request', r.error.issues.slice(0, 5).map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; '));
}

const frame = (c: Context<AppEnv>) => {
  const lang = langOf(c);
  return { lang, l: LABELS[lang], nonce: c.get('secureHeadersNonce'), operator: c.get('operator'), csrf: c.get('csrfToken') };
};

/**
 * The desk (server-rendered, Hono JSX, no front-end build): the board at `/`, a complaint's page,
 * an incident's page, CSV export, and the form routes the pages post to without JavaScript. Every
 * change goes through the same desk methods as the JSON API, with the operator as actor.
 */
export function dashboardRoutes(rt: Rt) {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const f = frame(c);
    if (!c.get('operator')) return c.html(signInPage({ lang: f.lang, nonce: f.nonce }));
    const q = filterQuery(c);
    const filtered = Object.keys(q).length > 0;
    const parsed = valid(complaintListQuery, { ...q, limit: c.req.query('limit'), cursor: c.req.query('cursor') || undefined });
    const { limit, cursor, ...filter } = parsed;
    // Figures from the engine's counters (O(1) reads), never a read of every complaint.
    const [lanes, stats, alerts, quarantine, quality, results] = await Promise.all([
      Promise.all(STATUSES.map(async (s) => [s, (await rt.complaints.list({ status: s }, 60)).items] as const)),
      rt.complaints.stats(),
      rt.logistics.alerts.list('open', { limit: 50 }),
      rt.deliveries.records.listQuarantine(20),
      rt.complaints.qualityAlerts('open'),
      filtered ? rt.complaints.list(filter, limit, cursor) : undefined,
    ]);
    // Each incident's fan-out from its count items (a fixed number, whatever the batch's size), read
    // once for all the stalled parcels of its batch.
    const byIncident = new Map(await Promise.all([...new Set(alerts.items.flatMap((a) => (a.incidentId ? [a.incidentId] : [])))].map(async (id) => [id, await rt.logistics.notifications.counts(id)] as const)));
    const fanouts = alerts.items.map((a): Record<string, number> => (a.incidentId && byIncident.get(a.incidentId)) || { queued: 0, sent: 0, failed: 0, skipped: 0 });
    const qs = (extra: Record<string, string>) => new URLSearchParams({ ...q, ...extra }).toString();
    return c.html(
      boardPage(f, {
        now: rt.now().getTime(),
        stats,
        lanes,
        alerts: alerts.items,
        fanouts,
        quarantine: quarantine.items,
        quality,
        query: q,
        results: results && { items: results.items, nextHref: results.nextCursor ? `/?${qs({ cursor: results.nextCursor })}` : undefined, csvHref: `/desk/complaints.csv?${qs({})}` },
      }),
    );
  });

  app.get('/desk/complaints.csv', async (c) => {
    const { limit: _l, cursor: _c, ...filter } = valid(complaintListQuery, filterQuery(c));
    const items = (await collectPages((cursor) => rt.complaints.list(filter, 200, cursor))).slice(0, CSV_MAX);
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', `attachment; filename="complaints-${rt.now().toISOString().slice(0, 10)}.csv"`);
    return c.body(complaintsCsv(items));
  });

  const renderComplaint = async (c: Context<AppEnv>, extra: { revealed?: { phone?: string; email?: string } } = {}) => {
    const id = c.req.param('id')!;
    const complaint = await rt.complaints.get(id);
    if (!complaint) throw complaintNotFound();
    const timeline = await rt.complaints.timeline(id, c.req.query('cursor') || undefined, 100);
    return c.html(complaintPage(frame(c), { complaint, timeline, now: rt.now().getTime(), changed: c.req.query('changed') === '1', ...extra }));
  };

  app.get('/desk/complaints/:id', (c) => renderComplaint(c));

  // The no-JS path of the action forms (the script sends PATCH /complaints/:id instead).
  app.post('/desk/complaints/:id/act', async (c) => {
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    const text = (k: string) => (typeof form[k] === 'string' && form[k] !== '' ? (form[k] as string) : undefined);
    const change = valid(complaintPatchBody, { owner: text('owner'), status: text('status'), note: text('note'), followUpDone: text('followUpDone') ? true : undefined });
    const page = `/desk/complaints/${encodeURIComponent(id)}`;
    try {
      await rt.complaints.operate(id, { ...change, version: versionFrom(undefined, text('version')) }, c.get('operator')?.name);
    } catch (err) {
      if (err instanceof HubError && err.kind === 'conflict') return c.redirect(`${page}?changed=1`, 303);
      throw err;
    }
    return c.redirect(page, 303);
  });

  // The raw contact is rendered into this one answer (no-store) and nowhere else.
  app.post('/desk/complaints/:id/reveal', async (c) => renderComplaint(c, { revealed: await rt.complaints.reveal(c.req.param('id'), c.get('operator')!) }));

  const renderIncident = async (c: Context<AppEnv>, retried?: string) => {
    const incidentId = c.req.param('incidentId')!;
    const [notifications, open, resolved] = await Promise.all([
      collectPages((cursor) => rt.logistics.notifications.list({ incidentId }, 500, cursor)),
      rt.logistics.alerts.list('open', { limit: 200 }),
      rt.logistics.alerts.list('resolved', { limit: 200 }),
    ]);
    const alerts = [...open.items, ...resolved.items].filter((a) => a.incidentId === incidentId);
    return c.html(incidentPage(frame(c), { incidentId, alerts, notifications, retried, now: rt.now().getTime() }));
  };

  app.get('/desk/incidents/:incidentId', (c) => renderIncident(c, c.req.query('retried') || undefined));

  app.post('/desk/incidents/:incidentId/retry', async (c) => {
    const incidentId = c.req.param('incidentId');
    const form = await c.req.parseBody();
    const orderId = typeof form.orderId === 'string' ? form.orderId : '';
    await rt.logistics.retryNotification(incidentId, orderId);
    return c.redirect(`/desk/incidents/${encodeURIComponent(incidentId)}?${new URLSearchParams({ retried: orderId })}`, 303);
  });

  return app;
}
