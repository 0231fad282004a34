import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService } from '../../helpers/service.ts';
import { addOperator, client, json, seedComplaint, uniq, type Svc } from './fixtures.ts';

/**
 * Operators and roles (contract §2): bearer operator tokens on every protected route, API_TOKEN as
 * the built-in admin, revocation at once, and the role table (viewer reads, agent changes and
 * reveals, admin also manages operators and replays quarantine).
 */
const API_TOKEN = 'auth-test-admin-token';
let svc: Svc;
let viewer: string;
let agent: string;
let complaintId: string;
const orderId = uniq('AUTH-O');

beforeAll(async () => {
  svc = await startTestService({ env: { API_TOKEN, SUPPORT_TEAM: '' } });
  viewer = await addOperator(svc, API_TOKEN, 'vera', 'viewer');
  agent = await addOperator(svc, API_TOKEN, 'ahmad', 'agent');
  complaintId = await seedComplaint(svc, { orderId, phone: '+8613912345678', email: 'li.na@example.com' });
});
afterAll(async () => svc?.stop());

describe('bearer tokens', () => {
  it('API_TOKEN acts as the built-in admin; an operator token works on every protected route; a wrong one is 401', async () => {
    expect((await client(svc)('/complaints')).status).toBe(401);
    expect((await client(svc, 'nope')('/complaints')).status).toBe(401);
    expect((await client(svc, `aso_${'x'.repeat(43)}`)('/complaints')).status).toBe(401);
    for (const path of ['/complaints', `/complaints/${complaintId}`, `/complaints/${complaintId}/timeline`, '/alerts', '/stats', '/quarantine', '/alerts?type=quality_batch']) {
      expect((await client(svc, viewer)(path)).status, path).toBe(200);
      expect((await client(svc, API_TOKEN)(path)).status, path).toBe(200);
    }
    // public routes stay public
    expect((await client(svc)('/health')).status).toBe(200);
    expect((await client(svc)('/openapi.json')).status).toBe(200);
  });

  it('a viewer cannot PATCH, reveal or trigger a scan (403); an agent can, and is the actor on the timeline', async () => {
    const get = await client(svc, viewer)(`/complaints/${complaintId}`);
    const etag = get.headers.get('etag')!;
    for (const [path, init] of [
      [`/complaints/${complaintId}`, { method: 'PATCH', ...json({ owner: 'vera' }, { 'if-match': etag }) }],
      [`/complaints/${complaintId}/reveal`, { method: 'POST', ...json({}) }],
      ['/stall-scan', { method: 'POST' }],
    ] as const) {
      const res = await client(svc, viewer)(path, init);
      expect(res.status, path).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    }
    const patched = await client(svc, agent)(`/complaints/${complaintId}`, { method: 'PATCH', ...json({ owner: 'ahmad', note: 'calling the customer' }, { 'if-match': etag }) });
    expect(patched.status).toBe(200);
    const body = (await patched.json()) as { owner: string; timeline: { actor?: string; provider: string; summary: string }[] };
    expect(body.owner).toBe('ahmad');
    const last = body.timeline.at(-1)!;
    expect(last.actor ?? last.provider).toBe('ahmad');
    // a stale If-Match is refused
    expect((await client(svc, agent)(`/complaints/${complaintId}`, { method: 'PATCH', ...json({ note: 'again' }, { 'if-match': etag }) })).status).toBe(409);

    const reveal = await client(svc, agent)(`/complaints/${complaintId}/reveal`, { method: 'POST', ...json({}) });
    expect(reveal.status).toBe(200);
    expect(reveal.headers.get('cache-control')).toBe('no-store');
    expect(await reveal.json()).toEqual({ phone: '+8613912345678', email: 'li.na@example.com' });
    const timeline = (await (await client(svc, viewer)(`/complaints/${complaintId}/timeline`)).json()) as { items: { actor?: string; summary: string }[] };
    expect(timeline.items.some((t) => t.actor === 'ahmad' && /reveal/i.test(t.summary))).toBe(true);
    // everywhere else the contact stays masked
    const text = JSON.stringify(await (await client(svc, viewer)(`/complaints/${complaintId}`)).json());
    expect(text).not.toContain('13912345678');
    expect(text).not.toContain('li.na@example.com');
  });

  it('only an admin manages operators and replays quarantine', async () => {
    for (const token of [viewer, agent]) {
      expect((await client(svc, token)('/operators')).status).toBe(403);
      expect((await client(svc, token)('/operators', { method: 'POST', ...json({ name: 'eve', role: 'admin' }) })).status).toBe(403);
      expect((await client(svc, token)('/operators/vera', { method: 'DELETE' })).status).toBe(403);
      expect((await client(svc, token)('/quarantine/x/replay', { method: 'POST' })).status).toBe(403);
    }
    expect((await client(svc, API_TOKEN)('/quarantine/x/replay', { method: 'POST' })).status).toBe(404); // admin reaches the handler
    const admin = await addOperator(svc, API_TOKEN, 'ada', 'admin');
    const list = await client(svc, admin)('/operators');
    expect(list.status).toBe(200);
    const items = ((await list.json()) as { items: Record<string, unknown>[] }).items;
    expect(items.map((i) => i.name).sort()).toEqual(['ada', 'ahmad', 'vera']);
    expect(JSON.stringify(items)).not.toMatch(/aso_|tokenHash/);
    // names are unique while active; reserved names are refused
    expect((await client(svc, admin)('/operators', { method: 'POST', ...json({ name: 'vera', role: 'agent' }) })).status).toBe(409);
    expect((await client(svc, admin)('/operators', { method: 'POST', ...json({ name: 'admin', role: 'agent' }) })).status).toBe(400);
  });

  it('a revoked token is refused at once; the name can be issued again with a new token', async () => {
    const token = await addOperator(svc, API_TOKEN, 'temp', 'agent');
    expect((await client(svc, token)('/complaints')).status).toBe(200);
    const revoked = await client(svc, API_TOKEN)('/operators/temp', { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as { revokedAt?: string }).revokedAt).toBeTruthy();
    expect((await client(svc, token)('/complaints')).status).toBe(401);
    expect((await client(svc, API_TOKEN)('/operators/temp', { method: 'DELETE' })).status).toBe(404);
    const again = await addOperator(svc, API_TOKEN, 'temp', 'viewer');
    expect(again).not.toBe(token);
    expect((await client(svc, token)('/complaints')).status).toBe(401);
    expect((await client(svc, again)('/complaints')).status).toBe(200);
  });

  it('stores only hashes: no token appears in the table', async () => {
    const token = await addOperator(svc, API_TOKEN, 'hashcheck', 'viewer');
    const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
    const items = (await svc.parts.clients.ddb.send(new ScanCommand({ TableName: svc.parts.tableName }))).Items ?? [];
    expect(JSON.stringify(items)).not.toContain(token.slice(4));
    expect(items.some((i) => String(i.pk).startsWith('OPERATOR#hashcheck'))).toBe(true);
  });
});

describe('open local mode', () => {
  it('without API_TOKEN the API is open until the first operator exists, then closed for good', async () => {
    const open = await startTestService({ roles: { api: false, workers: false, scanner: false } });
    try {
      expect((await client(open)('/complaints')).status).toBe(200);
      const res = await client(open)('/operators', { method: 'POST', ...json({ name: 'first', role: 'admin' }) });
      expect(res.status).toBe(201);
      const { token } = (await res.json()) as { token: string };
      expect((await client(open)('/complaints')).status).toBe(401);
      expect((await client(open, token)('/complaints')).status).toBe(200);
      await client(open, token)('/operators/first', { method: 'DELETE' });
      expect((await client(open)('/complaints')).status).toBe(401); // revoking everyone does not reopen it
    } finally {
      await open.stop();
    }
  });
});
