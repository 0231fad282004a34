import { Hono } from 'hono';
import { notFound } from '../platform/errors.ts';
import { toPublicComplaint } from '../complaints/domain/complaint-types.ts';
import type { Runtime } from '../runtime.ts';
import type { AppEnv } from './app.ts';
import { complaintListQuery, complaintPatchBody } from './schemas.ts';
import { validJson, validQuery } from './validate.ts';

/** Contract §2: list (index-backed, cursor), get with timeline, PATCH with optimistic concurrency. */
export function complaintRoutes(rt: Runtime) {
  const app = new Hono<AppEnv>();

  app.get('/', validQuery(complaintListQuery), async (c) => {
    const { limit, cursor, ...filter } = c.req.valid('query');
    const page = await rt.complaints.store.list(filter, limit, cursor);
    return c.json({ items: page.items.map((x) => toPublicComplaint(x, { timeline: false })), nextCursor: page.nextCursor });
  });

  app.get('/:id', async (c) => {
    const complaint = await rt.complaints.store.get(c.req.param('id'));
    if (!complaint) throw notFound('complaint_not_found', 'no complaint with that id');
    c.header('etag', `"${complaint.version}"`);
    return c.json(toPublicComplaint(complaint, { timeline: true }));
  });

  app.patch('/:id', validJson(complaintPatchBody), async (c) => {
    const body = c.req.valid('json');
    // Version from the body wins; otherwise If-Match (the ETag GET returned) — RFC 9110 §13.1.1.
    const ifMatch = c.req.header('if-match')?.replace(/^W\//, '').replace(/"/g, '');
    const version = body.version ?? (ifMatch && /^\d+$/.test(ifMatch) ? Number(ifMatch) : undefined);
    const updated = await rt.complaints.operate(c.req.param('id'), { ...body, version });
    c.header('etag', `"${updated.version}"`);
    return c.json(toPublicComplaint(updated, { timeline: true }));
  });

  return app;
}
