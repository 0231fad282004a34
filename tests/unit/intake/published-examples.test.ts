import { describe, expect, it } from 'vitest';
import { loadSamples, publishedExamples } from '../../../events/samples.ts';
import { signers } from '../../../events/signers/index.ts';
import { normalizeOrExplain } from '../../../lib/intake/accept-delivery.ts';
import { LOCAL_DEFAULT_SECRETS } from '../../../lib/intake/providers/local-defaults.ts';
import { PROVIDER_IDS, providers, type ProviderAdapter, type ProviderId } from '../../../lib/intake/providers/index.ts';
import { expectedEventsMismatch } from './expect-events.ts';

/**
 * Every provider-published example, offline: signed the way the provider signs, verified, parsed
 * and normalised by the adapter exactly as the ack path does; the outcome and the canonical events
 * must be what its `.meta.json` says. (tests/integration/providers/published-examples.test.ts posts
 * the same examples through HTTP.)
 */
const secretsOf = (p: ProviderId) => ({ secrets: [LOCAL_DEFAULT_SECRETS[p].secret], extra: LOCAL_DEFAULT_SECRETS[p].extra ?? {} });

describe('provider-published examples through the adapters', () => {
  it('every provider has examples with a named source, and each names an expected outcome', () => {
    for (const p of PROVIDER_IDS.filter((x) => x !== 'standard')) {
      const examples = publishedExamples(p);
      expect(examples.length, p).toBeGreaterThanOrEqual(1);
      for (const s of examples) {
        expect(s.meta.source!.url ?? s.meta.source!.repo, `${p}/${s.variant} source`).toBeTruthy();
        expect(s.meta.expect?.outcome, `${p}/${s.variant} outcome`).toMatch(/^(accepted|ignored|quarantined)$/);
      }
    }
  });

  it('every provider has at least one ignored type, answered and never quarantined', () => {
    // `standard` is this hub's own vocabulary: its samples must all produce events (other suites
    // replay them as canonical traffic), so its ignored case is the inline test below.
    for (const p of PROVIDER_IDS.filter((x) => x !== 'standard')) expect(loadSamples(p).some((s) => s.meta.expect?.outcome === 'ignored'), p).toBe(true);
  });

  it('standard: a type outside the canonical vocabulary (another app on a shared Svix endpoint) is ignored, a malformed canonical one quarantined', () => {
    const r = (body: unknown) => ({ headers: {}, rawBody: Buffer.from(JSON.stringify(body)), receivedAt: new Date() });
    const foreign = { type: 'invoice.paid', timestamp: '2026-11-22T10:00:00Z', data: { id: 'in_1' } };
    expect(normalizeOrExplain(providers.standard, foreign, secretsOf('standard'), r(foreign), 'x')).toEqual({ events: [], eventType: 'invoice.paid' });
    const broken = { type: 'aftersale.requested', timestamp: '2026-11-22T10:00:00Z', data: { orderId: 'O1' } };
    expect(normalizeOrExplain(providers.standard, broken, secretsOf('standard'), r(broken), 'x')).toHaveProperty('reason');
  });

  it.each(publishedExamples().map((s) => [`${s.provider}/${s.variant}`, s] as const))('%s', (_name, s) => {
    const adapter = providers[s.provider] as ProviderAdapter<unknown, unknown>;
    const d = signers[s.provider].sign(s.body, { topic: s.meta.topic });
    const req = { headers: Object.fromEntries(Object.entries(d.headers).map(([k, v]) => [k.toLowerCase(), v])), rawBody: d.body, receivedAt: new Date() };
    const decoded = adapter.decode(req);
    adapter.verify(req, decoded, { ...secretsOf(s.provider), now: new Date(), toleranceSeconds: 300 });
    const result = normalizeOrExplain(adapter, decoded, secretsOf(s.provider), req, 'example');
    const outcome = 'reason' in result ? 'quarantined' : result.events.length ? 'accepted' : 'ignored';
    expect(outcome, 'reason' in result ? result.reason : '').toBe(s.meta.expect!.outcome);
    if (s.meta.expect!.events && !('reason' in result)) expect(expectedEventsMismatch(result.events, s.meta.expect!.events)).toBeUndefined();
  });
});
