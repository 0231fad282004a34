import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { startTestService } from '../helpers/service.ts';
import { addOperator, seedComplaint, uniq } from './http/fixtures.ts';

/**
 * The document is valid OpenAPI, covers every route of the contract, and — what keeps it honest —
 * REAL answers of the running service validate against the schema the document declares for that
 * route, method and status.
 */
const API_TOKEN = 'secret-token';
let svc: Awaited<ReturnType<typeof startTestService>>;
let doc: { openapi: string; paths: Record<string, Record<string, unknown>> };
let complaintId: string;
let agent: string;

beforeAll(async () => {
  svc = await startTestService({ env: { API_TOKEN } });
  doc = (await (await fetch(`${svc.url}/openapi.json`)).json()) as typeof doc;
  agent = await addOperator(svc, API_TOKEN, 'olga', 'agent');
  complaintId = await seedComplaint(svc, { orderId: uniq('OA-O'), phone: '+8613700001234', email: 'oa@example.com', platform: 'tmall' });
});
afterAll(async () => svc?.stop());

/** Validates `body` against the document's schema of `method path → status` (application/json). */
function validate(path: string, method: string, status: number, body: unknown) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema({ ...(doc as object), $id: 'doc' });
  const pointer = `/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses/${status}/content/application~1json/schema`;
  const check = ajv.getSchema(`doc#${pointer}`);
  expect(check, `${method} ${path} ${status} is documented`).toBeTruthy();
  const ok = check!(body);
  expect(check!.errors ?? [], `${method.toUpperCase()} ${path} ${status}`).toEqual([]);
  expect(ok).toBe(true);
}

async function call(path: string, init: RequestInit & { token?: string } = {}) {
  const res = await fetch(`${svc.url}${path}`, { ...init, headers: { authorization: `Bearer ${init.token ?? API_TOKEN}`, 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });
  return { status: res.status, body: (await res.json()) as unknown };
}

describe('/openapi.json', () => {
  it('is a valid OpenAPI 3 document that covers every route of the contract', async () => {
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toMatch(/^3\./);
    const routes = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    for (const r of [
      'POST /webhooks/{provider}', 'GET /health', 'GET /complaints', 'GET /complaints/{id}', 'PATCH /complaints/{id}', 'GET /complaints/{id}/timeline', 'POST /complaints/{id}/reveal',
      'GET /alerts', 'GET /notifications', 'GET /quarantine', 'POST /quarantine/{id}/replay', 'GET /stats', 'POST /stall-scan',
      'GET /operators', 'POST /operators', 'DELETE /operators/{name}', 'POST /session', 'POST /session/logout', 'POST /incidents/{incidentId}/notifications/{orderId}/retry',
    ]) {
      expect(routes, r).toContain(r);
    }
  });

  it('real answers of the complaint, timeline, reveal, alerts and operator routes match their documented schemas', async () => {
    const listed = await call('/complaints?platform=tmall');
    expect(listed.status).toBe(200);
    expect((listed.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
    validate('/complaints', 'get', 200, listed.body);

    const one = await call(`/complaints/${complaintId}`);
    validate('/complaints/{id}', 'get', 200, one.body);
    const patched = await call(`/complaints/${complaintId}`, { method: 'PATCH', token: agent, body: JSON.stringify({ owner: 'olga', note: 'schema check' }) });
    expect(patched.status).toBe(200);
    validate('/complaints/{id}', 'patch', 200, patched.body);
    const conflict = await call(`/complaints/${complaintId}`, { method: 'PATCH', token: agent, body: JSON.stringify({ note: 'stale', version: 0 }) });
    expect(conflict.status).toBe(409);
    validate('/complaints/{id}', 'patch', 409, conflict.body);

    const revealed = await call(`/complaints/${complaintId}/reveal`, { method: 'POST', token: agent, body: '{}' });
    expect(revealed.status).toBe(200);
    validate('/complaints/{id}/reveal', 'post', 200, revealed.body);
    const timeline = await call(`/complaints/${complaintId}/timeline?limit=2`);
    expect(timeline.status).toBe(200);
    validate('/complaints/{id}/timeline', 'get', 200, timeline.body);

    const viewer = await addOperator(svc, API_TOKEN, 'otto', 'viewer');
    const refused = await call(`/complaints/${complaintId}/reveal`, { method: 'POST', token: viewer, body: '{}' });
    expect(refused.status).toBe(403);
    validate('/complaints/{id}/reveal', 'post', 403, refused.body);

    validate('/alerts', 'get', 200, (await call('/alerts?type=quality_batch')).body);
    validate('/alerts', 'get', 200, (await call('/alerts')).body);
    validate('/deliveries/ignored', 'get', 200, (await call('/deliveries/ignored')).body);
    const badWindow = await call('/deliveries/ignored?from=2026-12-09&to=2026-12-01');
    expect(badWindow.status).toBe(400);
    validate('/deliveries/ignored', 'get', 400, badWindow.body);

    const created = await call('/operators', { method: 'POST', body: JSON.stringify({ name: 'oscar', role: 'viewer' }) });
    expect(created.status).toBe(201);
    validate('/operators', 'post', 201, created.body);
    const ops = await call('/operators');
    validate('/operators', 'get', 200, ops.body);
    const revoked = await call('/operators/oscar', { method: 'DELETE' });
    validate('/operators/{name}', 'delete', 200, revoked.body);
    const unauthorized = await call('/operators', { token: 'wrong' });
    expect(unauthorized.status).toBe(401);
    validate('/operators', 'get', 401, unauthorized.body);
  });

  it('the schemas are strict where a leak would matter: a raw phone in a complaint or a token hash in an operator fails', () => {
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ ...(doc as object), $id: 'doc' });
    const complaint = ajv.getSchema('doc#/components/schemas/Complaint')!;
    const operator = ajv.getSchema('doc#/components/schemas/Operator')!;
    const base = { id: 'c', orderId: 'o', source: { provider: 'p', eventId: 'e', eventType: 't' }, category: 'other', tier: 'routine', status: 'under_review', flags: [], sla: { firstResponseDueAt: 'x', resolutionDueAt: 'y', breached: false }, createdAt: 'a', updatedAt: 'b', version: 0 };
    expect(complaint({ ...base, customer: { phoneMasked: '+86138****5678' } })).toBe(true);
    expect(complaint({ ...base, customer: { phone: '+8613812345678' } })).toBe(false);
    expect(operator({ name: 'a', role: 'viewer', createdAt: 'x', createdBy: 'admin' })).toBe(true);
    expect(operator({ name: 'a', role: 'viewer', createdAt: 'x', createdBy: 'admin', tokenHash: 'ab' })).toBe(false);
  });

  it('the docs page renders it, and the API itself stays behind the token', async () => {
    const docs = await fetch(`${svc.url}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('/complaints/{id}');
    expect((await fetch(`${svc.url}/complaints`)).status).toBe(401);
    expect((await fetch(`${svc.url}/complaints`, { headers: { authorization: `Bearer ${API_TOKEN}` } })).status).toBe(200);
    expect((await fetch(`${svc.url}/health`)).status).toBe(200);
  });
});
