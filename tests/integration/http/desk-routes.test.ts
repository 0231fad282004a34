import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestService } from '../../helpers/service.ts';
import { addOperator, client, json, seedComplaint, seedFailedIncident, startFlakyReceiver, uniq, type Svc } from './fixtures.ts';
import { newWebhookSecret } from '../../helpers/stall-factories.ts';

/**
 * Contract §2's HTTP-only routes and the desk's form routes against the real stack: the owner /
 * breached / platform filters with cursor paging, the paged timeline, the follow-up mark, quality
 * alerts, CSV export (masked), and the retry of a failed proactive notification.
 */
const API_TOKEN = 'desk-routes-admin-token';
let svc: Svc;
let receiver: Awaited<ReturnType<typeof startFlakyReceiver>>;
let agent: ReturnType<typeof client>;
const prefix = uniq('DR');
const ids: Record<string, string> = {};

beforeAll(async () => {
  receiver = await startFlakyReceiver();
  svc = await startTestService({ env: { API_TOKEN, NOTIFY_WEBHOOK_URL: receiver.url, NOTIFY_WEBHOOK_SECRET: newWebhookSecret(), SUPPORT_TEAM: '' } });
  agent = client(svc, await addOperator(svc, API_TOKEN, 'alex', 'agent'));
  for (const [key, platform] of [['a', 'tmall'], ['b', 'jd'], ['c', 'tmall'], ['d', 'tmall'], ['e', 'douyin']] as const) {
    ids[key] = await seedComplaint(svc, { orderId: `${prefix}-${key}`, platform, phone: '+8613811112222', email: 'buyer@example.com' });
  }
});
afterAll(async () => {
  await svc?.stop();
  await receiver?.stop();
});

const list = async (q: string) => {
  const res = await agent(`/complaints?${q}`);
  expect(res.status, q).toBe(200);
  return (await res.json()) as { items: { id: string; owner?: string; platform?: string; sla: { breached: boolean } }[]; nextCursor?: string };
};

describe('list filters', () => {
  it('owner, platform and breached filter; paging with a cursor neither skips nor repeats', async () => {
    for (const k of ['a', 'c']) expect((await agent(`/complaints/${ids[k]}`, { method: 'PATCH', ...json({ owner: 'alex' }) })).status).toBe(200);
    const mine = await list('owner=alex');
    expect(mine.items.map((i) => i.id).sort()).toEqual([ids.a, ids.c].sort());
    const tmall = await list('platform=tmall');
    expect(tmall.items.map((i) => i.id).sort()).toEqual([ids.a, ids.c, ids.d].sort());
    expect((await list('platform=tmall&owner=alex')).items).toHaveLength(2);
    expect((await list('breached=true')).items).toEqual([]);
    expect((await list('breached=false&platform=tmall')).items).toHaveLength(3);
    // paging: one per page through the three tmall complaints
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list(`platform=tmall&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor && seen.length < 10);
    expect(seen.sort()).toEqual([ids.a, ids.c, ids.d].sort());
    expect((await agent('/complaints?breached=maybe')).status).toBe(400);
  });
});

describe('timeline and follow-up', () => {
  it('the timeline is paged oldest first and names its actors', async () => {
    for (const n of [1, 2, 3]) expect((await agent(`/complaints/${ids.b}`, { method: 'PATCH', ...json({ note: `note ${n}` }) })).status).toBe(200);
    const first = (await (await agent(`/complaints/${ids.b}/timeline?limit=2`)).json()) as { items: { at: string; summary: string; actor?: string }[]; nextCursor?: string };
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeTruthy();
    const rest = (await (await agent(`/complaints/${ids.b}/timeline?limit=10&cursor=${encodeURIComponent(first.nextCursor!)}`)).json()) as typeof first;
    const all = [...first.items, ...rest.items];
    expect(all).toHaveLength(4); // the request + three notes
    expect(all.map((t) => t.at)).toEqual([...all.map((t) => t.at)].sort());
    expect(all.slice(1).map((t) => t.actor)).toEqual(['alex', 'alex', 'alex']);
    expect(rest.nextCursor).toBeUndefined();
    expect((await agent('/complaints/nope/timeline')).status).toBe(404);
  });

  it('followUpDone is refused before completion and recorded after it', async () => {
    expect((await agent(`/complaints/${ids.e}`, { method: 'PATCH', ...json({ followUpDone: true }) })).status).toBe(409);
    expect((await agent(`/complaints/${ids.e}`, { method: 'PATCH', ...json({ status: 'completed' }) })).status).toBe(200);
    const done = await agent(`/complaints/${ids.e}`, { method: 'PATCH', ...json({ followUpDone: true }) });
    expect(done.status).toBe(200);
    const body = (await done.json()) as { timeline: { summary: string; actor?: string; provider: string }[] };
    expect(body.timeline.some((t) => /follow-up/i.test(t.summary) && (t.actor ?? t.provider) === 'alex')).toBe(true);
    expect((await agent(`/complaints/${ids.e}`, { method: 'PATCH', ...json({ followUpDone: false }) })).status).toBe(400);
  });

  it('GET /alerts?type=quality_batch answers the quality alerts list', async () => {
    const res = await agent('/alerts?type=quality_batch&state=open');
    expect(res.status).toBe(200);
    expect(Array.isArray(((await res.json()) as { items: unknown[] }).items)).toBe(true);
  });
});

describe('desk pages', () => {
  it('render the board with a filter, and answer 400 (not 500) to bad page input', async () => {
    const board = await agent('/?platform=jd&lang=en');
    expect(board.status).toBe(200);
    const html = await board.text();
    expect(html.match(/data-testid="result-row"/g)).toHaveLength(1);
    expect(html).toContain(`data-id="${ids.b}"`);
    expect((await agent('/?status=bogus')).status).toBe(400);
    expect((await agent('/desk/complaints.csv?tier=bogus')).status).toBe(400);
    const empty = await agent(`/desk/complaints/${ids.b}/act`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=note' });
    expect(empty.status).toBe(400);
    expect((await agent('/desk/complaints/nope')).status).toBe(404);
  });
});

describe('CSV export', () => {
  it('exports the filtered list with contacts masked and formula cells neutralised', async () => {
    const res = await agent('/desk/complaints.csv?platform=tmall');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/attachment/);
    const text = await res.text();
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toContain('orderId');
    expect(lines).toHaveLength(4); // header + 3 tmall complaints
    expect(text).not.toContain('13811112222');
    expect(text).not.toContain('buyer@example.com');
    expect(text).toContain('b***@example.com');
  });
});

describe('incident: retry a failed notification', () => {
  it('re-queues a failed notification, which the healed endpoint then receives; a notification not failed is refused', async () => {
    const { incidentId, orderIds } = await seedFailedIncident(svc, `${prefix}-BATCH`);
    const page = await agent(`/desk/incidents/${incidentId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html.match(/data-testid="retry"/g)).toHaveLength(2);
    receiver.heal();
    const res = await agent(`/incidents/${incidentId}/notifications/${orderIds[0]}/retry`, { method: 'POST' });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ queued: true });
    await eventually(async () => (await svc.parts.stall.notifications.get(incidentId, orderIds[0]!))?.status === 'sent', 'the retried notification sent');
    expect(receiver.accepted()).toBe(1);
    expect((await svc.parts.stall.notifications.get(incidentId, orderIds[1]!))?.status).toBe('failed'); // only the one retried
    expect((await agent(`/incidents/${incidentId}/notifications/${orderIds[0]}/retry`, { method: 'POST' })).status).toBe(409);
    expect((await agent(`/incidents/${incidentId}/notifications/nope/retry`, { method: 'POST' })).status).toBe(404);
    const viewer = client(svc, await addOperator(svc, API_TOKEN, 'vic', 'viewer'));
    expect((await viewer(`/incidents/${incidentId}/notifications/${orderIds[1]}/retry`, { method: 'POST' })).status).toBe(403);
  });
});
