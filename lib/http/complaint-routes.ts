import { Hono } from 'hono';
import { complaintNotFound } from '../complaints/errors.ts';
import { toPublicComplaint } from '../complaints/domain/complaint-types.ts';
import type { AppEnv } from './base-app.ts';
import type { ComplaintDesk } from './operator-deps.ts';
import { complaintListQuery, complaintPatchBody } from './schemas.ts';
import { validJson, validQuery } from './validate.ts';

/** Contract §2: list (index-backed, cursor), get with timeline, PATCH with optimistic concurrency. */
export function complaintRoutes(desk: ComplaintDesk) {
  const app = new Hono<AppEnv>();

  app.get('/', validQuery(complaintListQuery), async (c) => {
    const { limit, cursor, ...filter } = c.req.valid('query');
    const page = await desk.list(filter, limit, cursor);
    return c.json({ items: page.items.map((x) => toPublicComplaint(x, { timeline: false })), nextCursor: page.nextCursor });
  });

  app.get('/:id', async (c) => {
    const complaint = await desk.get(c.req.param('id'));
    if (!complaint) throw complaintNotFound();
    c.header('etag', `"${complaint.version}"`);
    return c.json(toPublicComplaint(complaint, { timeline: true }));
  });

  app.patch('/:id', validJson(complaintPatchBody), async (c) => {
    const body = c.req.valid('json');
    // Version from the body wins; otherwise If-Match (the ETag GET returned) — RFC 9110 §13.1.1.
    const ifMatch = c.req.header('if-match')?.replace(/^W\//, '').replace(/"/g, '');
    const version = body.version ?? (ifMatch && /^\d+$/.test(ifMatch) ? Number(ifMatch) : undefined);
    const updated = await desk.operate(c.req.param('id'), { ...body, version });
    c.header('etag', `"${updated.version}"`);
    return c.json(toPublicComplaint(updated, { timeline: true }));
  });

  return app;
}
