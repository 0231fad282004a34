import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { collectDeliveries } from '../../lib/cli/deliveries.ts';
import { EVENTS_DIR, loadSamples } from '../../events/samples.ts';
import { providers } from '../../lib/intake/providers/index.ts';
import { standardSigner } from '../../events/signers/standard.ts';
import { eventually, startTestService } from '../helpers/service.ts';

/**
 * The operator's view in a real browser (Debian's Chromium driven by playwright-core): after the
 * samples are replayed, the lanes, alerts and charts show what the API says, in both languages,
 * and the replay button brings a quarantined delivery back.
 */
let svc: Awaited<ReturnType<typeof startTestService>>;
let browser: Browser;
const SHOTS = join(import.meta.dirname, 'screenshots');

beforeAll(async () => {
  svc = await startTestService();
  // every sample in events/, as `replay` would post them
  for (const d of collectDeliveries([EVENTS_DIR])) {
    await fetch(`${svc.url}/webhooks/${d.provider}`, { method: 'POST', headers: d.signed.headers, body: d.signed.body });
  }
  // a stalled parcel: shipped, last scan 49 h ago, then a scan
  const old = new Date(Date.now() - 49 * 3_600_000).toISOString();
  for (const body of [
    { type: 'order.shipped', timestamp: old, data: { orderId: 'E2E-STALL', carrier: 'sf-express', trackingNumber: 'SFE2E0001', shippedAt: old, batchId: 'E2E-BATCH', customer: { phone: '+8613800000001' }, items: [] } },
    { type: 'tracking.updated', timestamp: old, data: { carrier: 'sf-express', trackingNumber: 'SFE2E0001', status: 'in_transit', occurredAt: old, location: 'Guangzhou hub' } },
  ]) {
    const d = standardSigner.sign(Buffer.from(JSON.stringify(body)));
    await fetch(`${svc.url}/webhooks/standard`, { method: 'POST', headers: d.headers, body: d.body });
  }
  // one delivery quarantined by an adapter that cannot read it yet
  const parse = providers.standard.parse;
  providers.standard.parse = () => {
    throw new Error('new payload version');
  };
  const q = standardSigner.sign(loadSamples('standard')[0]!.body, { deliveryId: 'msg_e2e_quarantine' });
  expect((await fetch(`${svc.url}/webhooks/standard`, { method: 'POST', headers: q.headers, body: q.body })).status).toBe(202);
  providers.standard.parse = parse; // the adapter is fixed
  await eventually(async () => ((await (await fetch(`${svc.url}/quarantine`)).json()) as { items: unknown[] }).items.length === 1, 'quarantined');
  await eventually(async () => {
    const s = (await (await fetch(`${svc.url}/stats`)).json()) as { total: number };
    return s.total >= 3;
  }, 'complaints');
  await new Promise((r) => setTimeout(r, 1500)); // let the worker drain
  await fetch(`${svc.url}/stall-scan`, { method: 'POST' });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await svc?.stop();
});

describe('dashboard', () => {
  it('shows the lanes, alerts and charts with the counts the API reports, in English and Chinese', async () => {
    const stats = (await (await fetch(`${svc.url}/stats`)).json()) as { total: number; byStatus: Record<string, number>; byCategory: Record<string, number>; byTier: Record<string, number> };
    const alerts = (await (await fetch(`${svc.url}/alerts?state=open`)).json()) as { items: unknown[] };
    expect(alerts.items.length).toBeGreaterThanOrEqual(1);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${svc.url}/?lang=en`);
    // Assess: lanes
    for (const [status, count] of Object.entries(stats.byStatus)) {
      expect(await page.getAttribute(`[data-testid="lane-${status}"]`, 'data-count')).toBe(String(count));
    }
    expect(await page.textContent('[data-testid="total"]')).toBe(String(stats.total));
    expect(await page.locator('[data-testid="lane-under_review"] h3').textContent()).toContain('Under review');
    // alerts and their fan-out
    expect(await page.locator('[data-testid="alert-row"]').count()).toBe(alerts.items.length);
    expect(await page.locator('[data-testid="fanout"]').first().textContent()).toMatch(/queued \d+ · sent \d+ · failed \d+ · skipped \d+/);
    // charts: one bar value per category / tier, equal to the stats
    const catValues = await page.locator('[data-testid="chart-category"] [data-value]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
    expect(catValues).toEqual(Object.values(stats.byCategory));
    const tierValues = await page.locator('[data-testid="chart-tier"] [data-value]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
    expect(tierValues).toEqual([stats.byTier.urgent, stats.byTier.routine, stats.byTier.dispute]);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'dashboard-en.png'), fullPage: true });

    await page.goto(`${svc.url}/?lang=zh`);
    expect(await page.locator('[data-testid="lane-under_review"] h3').textContent()).toContain('审核中');
    expect(await page.locator('[data-testid="alerts"] h2').textContent()).toContain('物流停滞告警');
    expect(await page.getAttribute('[data-testid="lane-completed"]', 'data-count')).toBe(String(stats.byStatus.completed));
    await page.screenshot({ path: join(SHOTS, 'dashboard-zh.png'), fullPage: true });
    await page.close();
  });

  it('replays a quarantined delivery from its button', async () => {
    const page = await browser.newPage();
    await page.goto(`${svc.url}/?lang=en`);
    expect(await page.locator('[data-testid="quarantine-row"]').count()).toBe(1);
    await page.click('[data-testid="quarantine-row"] button');
    await page.waitForSelector('[data-testid="quarantine-row"] button[data-result]');
    expect(await page.getAttribute('[data-testid="quarantine-row"] button', 'data-result')).toBe('202');
    await eventually(async () => ((await (await fetch(`${svc.url}/quarantine`)).json()) as { items: unknown[] }).items.length === 0, 'quarantine emptied');
    await page.reload();
    expect(await page.locator('[data-testid="quarantine-row"]').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'dashboard-after-replay.png'), fullPage: true });
    await page.close();
  });
});
