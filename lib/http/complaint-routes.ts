import { Hono } from 'hono';
import { complaintNotFound } from '../complaints/errors.ts';
import { toPublicComplaint } from '../complaints/domain/complaint-types.ts';
import { scrubPii } from '../platform/masking.ts';
import type { AppEnv } from './base-app.ts';
import type { ComplaintDesk } from './operator-deps.ts';
import { complaintListQuery, complaintPatchBody, timelineQuery } from './schemas.ts';
import { validJson, validQuery } from './validate.ts';

/** Version from the body wins; otherwise If-Match (the ETag GET returned) — RFC 9110 §13.1.1. */
export function versionFrom(bodyVersion: number | undefined, ifMatch: string | undefined): number | undefined {
  const tag = ifMatch?.replace(/^W\//, '').replace(/"/g, '');
  return bodyVersion ?? (tag && /^\d+$/.test(tag) ? Number(tag) : undefined);
}

/**
 * Contract §2: list (index-backed, cursor, plus owner/breached/platform), get with timeline, the
 * timeline paged, PATCH with optimistic concurrency, and the audited reveal of the raw contact.
 */
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

  app.get('/:id/timeline', validQuery(timelineQuery), async (c) => {
    const q = c.req.valid('query');
    const page = await desk.timeline(c.req.param('id'), q.cursor, q.limit);
    // The engine's entries are public already (allowlisted, scrubbed).
    return c.json({ items: page.items, nextCursor: page.nextCursor });
  });

  app.patch('/:id', validJson(complaintPatchBody), async (c) => {
    const body = c.req.valid('json');
    const version = versionFrom(body.version, c.req.header('if-match'));
    const updated = await desk.operate(c.req.param('id'), { ...body, version }, c.get('operator')?.name);
    c.header('etag', `"${updated.version}"`);
    return c.json(toPublicComplaint(updated, { timeline: true }));
  });

  // Role agent/admin (operator-auth's role table); the body is `{}`.
  app.post('/:id/reveal', async (c) => {
    const who = c.get('operator')!;
    const contact = await desk.reveal(c.req.param('id'), who);
    return c.json({ phone: contact.phone, email: contact.email });
  });

  return app;
}
