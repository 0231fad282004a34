import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService } from '../../helpers/service.ts';
import type { Svc } from './fixtures.ts';

/** `aftersales-hub operators add|list|revoke` as a shell would run it, against a running service. */
const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../../lib/cli/bin.mjs');
const API_TOKEN = 'cli-test-admin-token';
let svc: Svc;

// The CLI reads API_TOKEN / HUB_URL as defaults: pass a clean environment so only the flags count.
const cli = async (...args: string[]) => {
  const { API_TOKEN: _t, HUB_URL: _u, ...env } = process.env;
  try {
    const r = await run(process.execPath, [BIN, ...args, '--url', svc.url], { env, timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
};

beforeAll(async () => {
  svc = await startTestService({ env: { API_TOKEN }, roles: { api: true, workers: false, scanner: false } });
});
afterAll(async () => svc?.stop());

describe('operators CLI', () => {
  it('add prints the token alone on its last line, and that token works', async () => {
    const r = await cli('operators', 'add', 'lin', '--role', 'agent', '--token', API_TOKEN);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const token = lines.at(-1)!;
    expect(token).toMatch(/^aso_[A-Za-z0-9_-]{43}$/);
    expect(lines.slice(0, -1).join('\n')).not.toContain(token);
    expect((await fetch(`${svc.url}/complaints`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('add --json prints {name, role, token}; list never prints tokens; revoke stops the token', async () => {
    const r = await cli('operators', 'add', 'mei', '--role', 'viewer', '--json', '--token', API_TOKEN);
    expect(r.code).toBe(0);
    const created = JSON.parse(r.stdout.trim()) as { name: string; role: string; token: string };
    expect(created).toEqual({ name: 'mei', role: 'viewer', token: expect.stringMatching(/^aso_/) });

    const listed = await cli('operators', 'list', '--token', API_TOKEN);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^mei\s+viewer\s+active since/m);
    expect(listed.stdout).not.toContain('aso_');
    const listedJson = JSON.parse((await cli('operators', 'list', '--json', '--token', API_TOKEN)).stdout) as { name: string }[];
    expect(listedJson.map((o) => o.name)).toContain('mei');

    const revoked = await cli('operators', 'revoke', 'mei', '--token', API_TOKEN);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain('revoked mei');
    expect((await fetch(`${svc.url}/complaints`, { headers: { authorization: `Bearer ${created.token}` } })).status).toBe(401);
    expect((await cli('operators', 'list', '--token', API_TOKEN)).stdout).toMatch(/^mei\s+viewer\s+revoked/m);
  });

  it('fails with a non-zero exit and the error code, never a token, when refused', async () => {
    const noAuth = await cli('operators', 'list');
    expect(noAuth.code).toBe(1);
    expect(noAuth.stderr).toContain('401');
    const missing = await cli('operators', 'revoke', 'nobody', '--token', API_TOKEN);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('operator_not_found');
    const usage = await cli('operators', 'add', 'x', '--token', API_TOKEN);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--role');
  });
});
