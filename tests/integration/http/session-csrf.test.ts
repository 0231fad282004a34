import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService } from '../../helpers/service.ts';
import { addOperator, seedComplaint, uniq, type Svc } from './fixtures.ts';

/**
 * Browser sign-in (contract §2) and issue 18's CSRF and header findings, over real HTTP: the
 * session cookie's attributes, the cookie authenticating JSON routes, and every way a forged
 * state-changing request can arrive — cross-site, from a sibling origin on the same site (another
 * port of the host: SameSite=Strict lets it through), without the page's token — refused 403
 * `csrf_failed`, while the page's own same-origin request with its token is accepted.
 */
const API_TOKEN = 'session-test-admin-token';
let svc: Svc;
let agentToken: string;
let complaintId: string;

beforeAll(async () => {
  svc = await startTestService({ env: { API_TOKEN } });
  agentToken = await addOperator(svc, API_TOKEN, 'sam', 'agent');
  complaintId = await seedComplaint(svc, { orderId: uniq('CSRF-O'), phone: '+8613900002222' });
});
afterAll(async () => svc?.stop());

const form = (fields: Record<string, string>) => ({ 'content-type': 'application/x-www-form-urlencoded', body: new URLSearchParams(fields).toString() });

async function signIn(token = agentToken): Promise<{ cookie: string; setCookie: string }> {
  const f = form({ token });
  const res = await fetch(`${svc.url}/session`, { method: 'POST', redirect: 'manual', headers: { 'content-type': f['content-type'], origin: svc.url, 'sec-fetch-site': 'same-origin' }, body: f.body });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/');
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0]!, setCookie };
}

/** The page's CSRF token, read from the page the browser got. */
async function csrfOf(cookie: string): Promise<string> {
  const html = await (await fetch(`${svc.url}/`, { headers: { cookie } })).text();
  return /<meta name="csrf-token" content="([^"]+)"/.exec(html)![1]!;
}

describe('browser session', () => {
  it('GET / without a session is the sign-in form (200); a wrong token is refused without a cookie', async () => {
    const res = await fetch(`${svc.url}/?lang=en`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('action="/session"');
    expect(html).toContain('Sign in');
    const f = form({ token: 'wrong' });
    const bad = await fetch(`${svc.url}/session`, { method: 'POST', redirect: 'manual', headers: { 'content-type': f['content-type'], origin: svc.url }, body: f.body });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('set-cookie')).toBeNull();
    const badJson = await fetch(`${svc.url}/session`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: 'wrong' }) });
    expect(badJson.status).toBe(401);
  });

  it('POST /session sets hub_session HttpOnly, SameSite=Strict, Path=/, expiring; the cookie authenticates JSON routes; logout ends it', async () => {
    const { cookie, setCookie } = await signIn();
    expect(cookie).toMatch(/^hub_session=ses_/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).toMatch(/Max-Age=\d+/);
    expect(setCookie).toMatch(/Expires=/);
    expect(setCookie).not.toMatch(/Secure/i); // plain http locally; https sets Secure (see below)
    expect((await fetch(`${svc.url}/complaints`, { headers: { cookie } })).status).toBe(200);
    const page = await (await fetch(`${svc.url}/?lang=en`, { headers: { cookie } })).text();
    expect(page).toContain('data-testid="operator"');
    expect(page).toContain('sam');
    // JSON sign-in works as well
    const j = await fetch(`${svc.url}/session`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: API_TOKEN }) });
    expect(j.status).toBe(303);
    const adminCookie = j.headers.get('set-cookie')!.split(';')[0]!;
    expect((await fetch(`${svc.url}/operators`, { headers: { cookie: adminCookie } })).status).toBe(200);

    const token = await csrfOf(cookie);
    const out = await fetch(`${svc.url}/session/logout`, { method: 'POST', redirect: 'manual', headers: { cookie, origin: svc.url, 'sec-fetch-site': 'same-origin', 'x-csrf-token': token } });
    expect(out.status).toBe(303);
    expect((await fetch(`${svc.url}/complaints`, { headers: { cookie } })).status).toBe(401);
  });

  it('the cookie is Secure when the service is reached over https', async () => {
    const res = await svc.app.request('https://desk.example.com/session', { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://desk.example.com' }, body: JSON.stringify({ token: agentToken }) });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
  });

  it('revoking the operator ends its browser sessions', async () => {
    const token = await addOperator(svc, API_TOKEN, 'shortlived', 'viewer');
    const { cookie } = await signIn(token);
    expect((await fetch(`${svc.url}/complaints`, { headers: { cookie } })).status).toBe(200);
    await fetch(`${svc.url}/operators/shortlived`, { method: 'DELETE', headers: { authorization: `Bearer ${API_TOKEN}` } });
    expect((await fetch(`${svc.url}/complaints`, { headers: { cookie } })).status).toBe(401);
  });
});

describe('CSRF on cookie-authenticated changes', () => {
  const patch = (cookie: string, headers: Record<string, string>) =>
    fetch(`${svc.url}/complaints/${complaintId}`, { method: 'PATCH', headers: { cookie, 'content-type': 'application/json', ...headers }, body: JSON.stringify({ note: 'from the page' }) });
  const expectCsrfFailed = async (res: Response) => {
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
  };

  it('a cross-site form post is refused 403 csrf_failed, even with a stolen-looking token field', async () => {
    const { cookie } = await signIn();
    const token = await csrfOf(cookie);
    const f = form({ _csrf: token, note: 'forged' });
    await expectCsrfFailed(await fetch(`${svc.url}/desk/complaints/${complaintId}/act`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': f['content-type'], origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, body: f.body }));
    await expectCsrfFailed(await fetch(`${svc.url}/stall-scan`, { method: 'POST', headers: { cookie, origin: 'https://evil.example' } }));
    // login CSRF: another site cannot sign the browser in to some account either
    const l = form({ token: agentToken });
    await expectCsrfFailed(await fetch(`${svc.url}/session`, { method: 'POST', redirect: 'manual', headers: { 'content-type': l['content-type'], 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }, body: l.body }));
  });

  it('a sibling origin on the same site (another port of this host) is refused', async () => {
    const { cookie } = await signIn();
    const token = await csrfOf(cookie);
    const port = Number(new URL(svc.url).port);
    const sibling = `http://127.0.0.1:${port === 65535 ? port - 1 : port + 1}`;
    await expectCsrfFailed(await patch(cookie, { origin: sibling, 'sec-fetch-site': 'same-site', 'x-csrf-token': token }));
    await expectCsrfFailed(await patch(cookie, { origin: sibling, 'x-csrf-token': token }));
    await expectCsrfFailed(await fetch(`${svc.url}/quarantine/x/replay`, { method: 'POST', headers: { cookie, 'sec-fetch-site': 'same-site', 'x-csrf-token': token } }));
  });

  it('same-origin without the token, or with another session’s token, is refused; same-origin with the token is accepted', async () => {
    const { cookie } = await signIn();
    const other = await signIn();
    const token = await csrfOf(cookie);
    const sameOrigin = { origin: svc.url, 'sec-fetch-site': 'same-origin' };
    await expectCsrfFailed(await patch(cookie, sameOrigin));
    await expectCsrfFailed(await patch(cookie, { ...sameOrigin, 'x-csrf-token': await csrfOf(other.cookie) }));
    await expectCsrfFailed(await patch(cookie, { 'x-csrf-token': token })); // a cookie request must name its origin
    const ok = await patch(cookie, { ...sameOrigin, 'x-csrf-token': token });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { timeline: { actor?: string; provider: string; summary: string }[] };
    const last = body.timeline.at(-1)!;
    expect(last.actor ?? last.provider).toBe('sam');
    // the no-JS form with the hidden field works the same way
    const f = form({ _csrf: token, action: 'note', note: 'form note' });
    const posted = await fetch(`${svc.url}/desk/complaints/${complaintId}/act`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': f['content-type'], ...sameOrigin }, body: f.body });
    expect(posted.status).toBe(303);
    // bearer requests need no CSRF token: a browser never attaches that header on its own
    expect((await fetch(`${svc.url}/complaints/${complaintId}`, { method: 'PATCH', headers: { authorization: `Bearer ${agentToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ note: 'bearer' }) })).status).toBe(200);
  });
});

describe('security headers', () => {
  it('the page, the docs and the API carry CSP with a script nonce, frame-ancestors none, nosniff, Referrer-Policy and no-store', async () => {
    const { cookie } = await signIn();
    for (const [path, headers] of [
      ['/', {}],
      ['/', { cookie }],
      ['/docs', {}],
      [`/desk/complaints/${complaintId}`, { cookie }],
      ['/complaints', { cookie }],
    ] as const) {
      const res = await fetch(`${svc.url}${path}`, { headers });
      expect(res.status, path).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
      expect(csp, path).toContain("object-src 'none'");
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
      expect(res.headers.get('cache-control'), path).toBe('no-store');
      const html = await res.text();
      // every inline script carries this response's nonce
      const nonce = /'nonce-([^']+)'/.exec(csp)![1];
      for (const m of html.matchAll(/<script([^>]*)>/g)) expect(m[1], path).toContain(`nonce="${nonce}"`);
    }
  });
});
