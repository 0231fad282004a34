import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { startTestService } from '../helpers/service.ts';

let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService({ roles: { api: true, workers: false, scanner: false }, env: { API_TOKEN: 'secret-token' } });
});
afterAll(async () => svc?.stop());

describe('/openapi.json', () => {
  it('is a valid OpenAPI 3 document that covers every route of the contract', async () => {
    const res = await fetch(`${svc.url}/openapi.json`); // public even with API_TOKEN set
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toMatch(/^3\./);
    const routes = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    for (const r of ['POST /webhooks/{provider}', 'GET /health', 'GET /complaints', 'GET /complaints/{id}', 'PATCH /complaints/{id}', 'GET /alerts', 'GET /notifications', 'GET /quarantine', 'POST /quarantine/{id}/replay', 'GET /stats']) {
      expect(routes, r).toContain(r);
    }
  });

  it('the docs page renders it, and the API itself stays behind the token', async () => {
    const docs = await fetch(`${svc.url}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('/complaints/{id}');
    expect((await fetch(`${svc.url}/complaints`)).status).toBe(401);
    expect((await fetch(`${svc.url}/complaints`, { headers: { authorization: 'Bearer secret-token' } })).status).toBe(200);
    expect((await fetch(`${svc.url}/health`)).status).toBe(200);
  });
});
