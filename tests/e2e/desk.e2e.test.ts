import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { eventually, startTestService } from '../helpers/service.ts';
import { newWebhookSecret } from '../helpers/stall-factories.ts';
import { addOperator, client, seedComplaint, seedFailedIncident, startFlakyReceiver, uniq, type Svc } from '../integration/http/fixtures.ts';

/**
 * The desk as an operator uses it, in Debian's Chromium (playwright-core), in both languages:
 * sign in with an operator token, filter, search an order, open a complaint, assign it, move it
 * along its path, mark the follow-up, reveal the phone as an agent (the timeline shows who) and
 * not as a viewer; open the batch incident and retry a failed notification. A forged form post
 * from a sibling origin is refused. Screenshots land in tests/e2e/screenshots/ (git-ignored).
 */
/** The few DOM globals the in-page callbacks use (the project compiles without the DOM lib). */
declare const document: {
  querySelector(s: string): { textContent: string | null; content?: string } | null;
  querySelectorAll(s: string): Iterable<{ textContent: string | null }>;
  body: { dataset: Record<string, string | undefined> };
};

const API_TOKEN = 'desk-e2e-admin-token';
const SHOTS = join(import.meta.dirname, 'screenshots');
const PHONE = '+8613955556666';
let svc: Svc;
let receiver: Awaited<ReturnType<typeof startFlakyReceiver>>;
let browser: Browser;
let agentToken: string;
let viewerToken: string;
let incident: { incidentId: string; orderIds: string[] };
const prefix = uniq('E2E');
const orders = { en: `${prefix}-EN`, zh: `${prefix}-ZH` } as const;
const complaintIds: Record<string, string> = {};
let evil: Server;

beforeAll(async () => {
  receiver = await startFlakyReceiver();
  svc = await startTestService({ env: { API_TOKEN, NOTIFY_WEBHOOK_URL: receiver.url, NOTIFY_WEBHOOK_SECRET: newWebhookSecret(), SUPPORT_TEAM: '' } });
  agentToken = await addOperator(svc, API_TOKEN, 'ana', 'agent');
  viewerToken = await addOperator(svc, API_TOKEN, 'vic', 'viewer');
  for (const lang of ['en', 'zh'] as const) complaintIds[lang] = await seedComplaint(svc, { orderId: orders[lang], platform: 'jd', phone: PHONE, email: 'desk@example.com' });
  await seedComplaint(svc, { orderId: `${prefix}-OTHER`, platform: 'tmall', phone: '+8613900000000' });
  incident = await seedFailedIncident(svc, `${prefix}-BATCH`);
  // A page on a sibling origin (same host, another port: same-site for SameSite=Strict).
  evil = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end(
      `<form id="f" method="post" action="${svc.url}/desk/complaints/${complaintIds.en}/act"><input name="action" value="note"><input name="note" value="forged by a sibling origin"><input name="_csrf" value="guess"></form><script>document.getElementById('f').submit()</script>`,
    );
  });
  await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  mkdirSync(SHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await svc?.stop();
  await receiver?.stop();
  await new Promise((r) => evil?.close(r));
});

/** A fresh browser context (own cookies) signed in through the form; CSP violations are collected. */
async function signedIn(token: string, lang: 'en' | 'zh'): Promise<{ ctx: BrowserContext; page: Page; cspErrors: string[] }> {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: lang === 'zh' ? 'zh-CN' : 'en-US' });
  const page = await ctx.newPage();
  const cspErrors: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  await page.goto(`${svc.url}/?lang=${lang}`);
  await page.fill('[data-testid="sign-in"] input[name="token"]', token);
  await Promise.all([page.waitForURL(`${svc.url}/`), page.click('[data-testid="sign-in"] button')]);
  await page.waitForSelector('[data-testid="operator"]');
  return { ctx, page, cspErrors };
}

const text = async (page: Page, sel: string) => ((await page.textContent(sel)) ?? '').trim();
const waitText = (page: Page, sel: string, expected: string) =>
  page.waitForFunction(([s, e]) => document.querySelector(s!)?.textContent?.trim() === e, [sel, expected] as const, { timeout: 20_000 });

describe.each([
  ['en', { signIn: 'Sign in', board: 'Complaint board', processing: 'Processing', completed: 'Completed', failed: 'failed', sent: 'sent' }],
  ['zh', { signIn: '登录', board: '投诉看板', processing: '处理中', completed: '已完成', failed: '失败', sent: '已发送' }],
] as const)('desk in %s', (lang, t) => {
  it('an agent signs in, filters, searches an order, assigns, moves, marks the follow-up and reveals the phone', async () => {
    const anon = await browser.newPage();
    await anon.goto(`${svc.url}/?lang=${lang}`);
    expect(await text(anon, '[data-testid="sign-in"] button')).toBe(t.signIn);
    await anon.screenshot({ path: join(SHOTS, `desk-sign-in-${lang}.png`) });
    await anon.close();

    const { ctx, page, cspErrors } = await signedIn(agentToken, lang);
    expect(await text(page, '[data-testid="operator"]')).toContain('ana');
    expect(await page.textContent('main')).toContain(t.board);

    // filter: platform jd → the two jd complaints
    await page.fill('[data-testid="filter-platform"]', 'jd');
    await Promise.all([page.waitForURL(/platform=jd/), page.click('[data-testid="apply-filters"]')]);
    const rows = await page.locator('[data-testid="result-row"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(rows.sort()).toEqual([complaintIds.en, complaintIds.zh].sort());
    await page.screenshot({ path: join(SHOTS, `desk-filtered-${lang}.png`), fullPage: true });
    // the countdowns are live (the nonce'd script runs under the CSP)
    await page.waitForFunction(() => Number(document.body.dataset.ticks ?? 0) >= 1);

    // search one order
    await page.goto(`${svc.url}/`);
    await page.fill('[data-testid="order-search"]', orders[lang]);
    await Promise.all([page.waitForURL(/orderId=/), page.click('[data-testid="apply-filters"]')]);
    expect(await page.locator('[data-testid="result-row"]').count()).toBe(1);
    await Promise.all([page.waitForURL(/\/desk\/complaints\//), page.click('[data-testid="result-row"] a')]);
    expect(await text(page, '[data-testid="order-id"]')).toBe(orders[lang]);
    expect(await text(page, '[data-testid="phone-masked"]')).toMatch(/\*{4}6666$/); // masked: last four digits only
    expect(await page.textContent('body')).not.toContain(PHONE);

    // assign (PATCH with If-Match from the page's script)
    await page.fill('[data-testid="action-assign"] input[name="owner"]', 'ana');
    await page.click('[data-testid="action-assign"] button');
    await waitText(page, '[data-testid="owner"]', 'ana');

    // move along the legal path: under review → processing → completed
    await page.selectOption('[data-testid="move-to"]', 'processing');
    await page.click('[data-testid="action-move"] button');
    await waitText(page, '[data-testid="status"]', t.processing);
    await page.selectOption('[data-testid="move-to"]', 'completed');
    await page.click('[data-testid="action-move"] button');
    await waitText(page, '[data-testid="status"]', t.completed);

    // the follow-up call
    await page.click('[data-testid="action-followup"] button');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="timeline-entry"]')].some((e) => /follow-up|回访/i.test(e.textContent ?? '')));

    // reveal: the raw phone once, and the timeline records who
    await Promise.all([page.waitForURL(/\/reveal$/), page.click('[data-testid="reveal"] button')]);
    expect(await text(page, '[data-testid="revealed-phone"]')).toBe(PHONE);
    await page.screenshot({ path: join(SHOTS, `desk-revealed-${lang}.png`), fullPage: true });
    await page.goto(`${svc.url}/desk/complaints/${complaintIds[lang]}`);
    expect(await page.textContent('body')).not.toContain(PHONE);
    const entries = await page.locator('[data-testid="timeline-entry"]').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    expect(entries.some((e) => e.includes('ana') && /revealed/.test(e))).toBe(true);
    const actors = await page.locator('[data-testid="timeline-actor"]').allTextContents();
    expect(actors.filter((a) => a === 'ana').length).toBeGreaterThanOrEqual(5); // assign, 2 moves, follow-up, reveal
    await page.screenshot({ path: join(SHOTS, `desk-complaint-${lang}.png`), fullPage: true });
    expect(cspErrors).toEqual([]);
    await ctx.close();
  });

  it('a viewer sees the complaint but cannot reveal or act', async () => {
    const { ctx, page } = await signedIn(viewerToken, lang);
    await page.goto(`${svc.url}/desk/complaints/${complaintIds[lang]}`);
    expect(await page.locator('[data-testid="reveal"]').count()).toBe(0);
    expect(await page.locator('[data-testid="action-assign"]').count()).toBe(0);
    expect(await page.locator('[data-testid="viewer-hint"]').count()).toBe(1);
    // even sent by hand from the page, with its CSRF token, the server refuses the role
    const status = await page.evaluate(async (id) => {
      const csrf = document.querySelector('meta[name=csrf-token]')!.content ?? '';
      return (await fetch(`/complaints/${id}/reveal`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: '{}' })).status;
    }, complaintIds[lang]);
    expect(status).toBe(403);
    expect(await page.textContent('body')).not.toContain(PHONE);
    await page.screenshot({ path: join(SHOTS, `desk-viewer-${lang}.png`), fullPage: true });
    await ctx.close();
  });

  it('an agent opens the incident from the board and retries a failed notification', async () => {
    const orderId = incident.orderIds[lang === 'en' ? 0 : 1]!;
    const { ctx, page } = await signedIn(agentToken, lang);
    const link = page.locator(`[data-testid="incident-link"][href="/desk/incidents/${encodeURIComponent(incident.incidentId)}"]`);
    await Promise.all([page.waitForURL(/\/desk\/incidents\//), link.click()]);
    const row = `[data-testid="notification-row"][data-order="${orderId}"]`;
    expect(await text(page, `${row} [data-testid="notification-status"]`)).toBe(t.failed);
    receiver.heal();
    await Promise.all([page.waitForURL(/retried=/), page.click(`${row} [data-testid="retry"]`)]);
    expect(await page.locator('[data-testid="retried"]').count()).toBe(1);
    await eventually(async () => (await svc.parts.stall.notifications.get(incident.incidentId, orderId))?.status === 'sent', 'the retried notification sent');
    await page.reload();
    expect(await text(page, `${row} [data-testid="notification-status"]`)).toBe(t.sent);
    expect(await page.locator(`${row} [data-testid="retry"]`).count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, `desk-incident-${lang}.png`), fullPage: true });
    await ctx.close();
  });
});

describe('forged requests', () => {
  it('a form auto-posted from a sibling origin is refused 403 csrf_failed and changes nothing', async () => {
    const { ctx, page } = await signedIn(agentToken, 'en');
    const evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
    const [res] = await Promise.all([page.waitForResponse((r) => r.url().includes('/act')), page.goto(evilUrl)]);
    expect(res.status()).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
    const timeline = (await (await client(svc, API_TOKEN)(`/complaints/${complaintIds.en}/timeline?limit=200`)).json()) as { items: { summary: string }[] };
    expect(timeline.items.some((e) => e.summary.includes('forged'))).toBe(false);
    await ctx.close();
  });

  it('the page cannot be framed, and a revoked token no longer signs in', async () => {
    const res = await fetch(`${svc.url}/`);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const temp = await addOperator(svc, API_TOKEN, 'leaver', 'agent');
    await client(svc, API_TOKEN)('/operators/leaver', { method: 'DELETE' });
    const page = await browser.newPage();
    await page.goto(`${svc.url}/?lang=en`);
    await page.fill('[data-testid="sign-in"] input[name="token"]', temp);
    await page.click('[data-testid="sign-in"] button');
    await page.waitForSelector('[data-testid="sign-in-error"]');
    expect(await page.locator('[data-testid="operator"]').count()).toBe(0);
    await page.close();
  });
});
