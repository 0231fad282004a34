import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { loadSamples } from '../../events/samples.ts';
import { post, signSample } from '../helpers/deliveries.ts';
import { eventually, startTestService } from '../helpers/service.ts';

/**
 * Topics an adapter does not map are acknowledged and counted, never stored in full (issue: "a
 * small dedup record"). Every provider's published ignored-topic sample goes through HTTP, each
 * delivered twice the way a provider retries; Shopify's also arrives under two more webhook ids
 * (three deliveries). The day's count is exact: retries count nothing, distinct deliveries each once.
 */
const ignoredSamples = loadSamples().filter((s) => s.meta.expect?.outcome === 'ignored');
let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService({});
});
afterAll(async () => svc?.stop());

type IgnoredAnswer = { from: string; to: string; total: number; items: { day: string; provider: string; topic: string; count: number }[] };
const ignored = async (query = '') => {
  const res = await fetch(`${svc.url}/deliveries/ignored${query}`);
  return { status: res.status, body: (await res.json()) as IgnoredAnswer & { error?: { code: string } } };
};
const ingestIdle = async () => {
  const q = await svc.parts.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: svc.queueUrls.ingest, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return q.Attributes?.ApproximateNumberOfMessages === '0' && q.Attributes?.ApproximateNumberOfMessagesNotVisible === '0';
};

describe('ignored topics are counted, not stored', () => {
  it('counts each ignored delivery once per day, provider and topic, however often it is retried', async () => {
    // Prepare
    expect(ignoredSamples.length).toBeGreaterThanOrEqual(5);
    const deliveries = ignoredSamples.map((s) => signSample(s));
    const shopify = ignoredSamples.find((s) => s.provider === 'shopify')!;
    // Two more orders paid: another order id in the body (Shopify's dedup keys on topic + body hash, so a fresh webhook id alone would be the same delivery)
    const otherOrder = (n: number) => ({ ...shopify, body: Buffer.from(shopify.body.toString('utf8').replace(/"id":(\d+)/, `"id":$1${n}`)) });
    const extraShopify = [signSample(otherOrder(2), { deliveryId: 'ign-shopify-2' }), signSample(otherOrder(3), { deliveryId: 'ign-shopify-3' })];

    // Act: every delivery twice (concurrently: the retry races the first), the extra Shopify ones once
    const sent = [...ignoredSamples.map((s, i) => [s.provider, deliveries[i]!] as const), ...ignoredSamples.map((s, i) => [s.provider, deliveries[i]!] as const), ...extraShopify.map((d) => ['shopify', d] as const)];
    const statuses = await Promise.all(sent.map(([provider, d]) => post(svc.url, provider, d).then((r) => r.status)));
    expect(statuses.every((s) => s >= 200 && s < 300), JSON.stringify(statuses)).toBe(true);
    const expected = ignoredSamples.length + extraShopify.length;
    await eventually(async () => (await ignored()).body.total === expected && (await ingestIdle()), 'every ignored delivery counted and the queue idle');

    // Assess: per provider, one per published sample (+2 for Shopify); Shopify's topic named as it arrived
    const today = new Date().toISOString().slice(0, 10);
    const { status, body } = await ignored();
    expect(status).toBe(200);
    expect(body.total).toBe(expected);
    expect(body.items.every((i) => i.day === today && i.topic.length > 0)).toBe(true);
    const perProvider = new Map<string, number>();
    for (const i of body.items) perProvider.set(i.provider, (perProvider.get(i.provider) ?? 0) + i.count);
    for (const s of ignoredSamples) expect(perProvider.get(s.provider), s.provider).toBe(ignoredSamples.filter((x) => x.provider === s.provider).length + (s.provider === 'shopify' ? 2 : 0));
    expect(body.items.find((i) => i.provider === 'shopify' && i.topic === shopify.meta.topic)?.count).toBe(3);
    // A window that ends yesterday holds none of today's
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect((await ignored(`?to=${yesterday}`)).body).toMatchObject({ to: yesterday, total: 0, items: [] });
  });

  it('refuses a window that is not a range of at most 31 days', async () => {
    for (const q of ['?from=2026-12-09&to=2026-12-01', '?from=2026-01-01&to=2026-12-01', '?to=yesterday', '?from=2026-11-31&to=2026-12-01']) {
      const r = await ignored(q);
      expect(r.status, q).toBe(400);
      expect(r.body.error?.code, q).toBe('invalid_request');
    }
  });
});
