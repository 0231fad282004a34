import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSamples } from '../../events/samples.ts';
import { signers } from '../../events/signers/index.ts';
import { providers } from '../../lib/intake/providers/index.ts';
import { PROVIDER_IDS } from '../../lib/intake/providers/index.ts';
import { countingHandler, post, signSample } from '../helpers/deliveries.ts';
import { eventually, startTestService } from '../helpers/service.ts';

/**
 * Contract §1, per provider, through HTTP against the embedded stack: accepted with the provider's
 * ack, redelivery acked identically and stored once, every way of failing verification → 401,
 * and the transport errors 404/413/415/400.
 */
const counter = countingHandler();
let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService({ wrapHandleEvents: counter.wrap });
});
afterAll(async () => svc?.stop());

describe.each(PROVIDER_IDS.map((p) => [p]))('POST /webhooks/%s', (provider) => {
  const samples = loadSamples(provider);
  const signer = signers[provider];
  const adapter = providers[provider];

  it('has realistic samples covering its after-sales events', () => {
    expect(samples.length).toBeGreaterThanOrEqual(2);
  });

  it('accepts every signed sample with the provider ack; a redelivery gets the same answer and is stored once', async () => {
    for (const sample of samples) {
      // Prepare
      const d = signSample(sample);
      // Act
      const first = await post(svc.url, provider, d);
      const again = await post(svc.url, provider, d);
      // Assess
      expect(first.status, `${sample.variant}: ${first.body}`).toBe(adapter.ack('x').status);
      expect(again).toEqual(first);
      if (!adapter.ack('x').body.includes('"x"')) expect(first.body).toBe(adapter.ack('x').body);
    }
    // every sample reaches the domain (the domain's own writes are idempotent per event id, so a
    // redelivery racing its original is harmless) and is recorded once, as done, under one key
    for (const sample of samples) {
      const d = signSample(sample);
      const res = await fetch(`${svc.url}/webhooks/${provider}`, { method: 'POST', headers: d.headers, body: d.body });
      const id = res.headers.get('x-delivery-id');
      expect(id, sample.variant).toBeTruthy();
      const stored = await eventually(async () => {
        const r = await svc.parts.rawEvents.get(provider, id!);
        return r?.state === 'done' ? r : undefined;
      }, `${sample.variant} stored`);
      expect(stored.events.every((e) => counter.seen.has(e.id))).toBe(true);
    }
  });

  it('rejects a tampered body, a wrong secret and a missing signature with 401', async () => {
    const sample = samples[0]!;
    const d = signSample(sample);
    // Change one digit: the body stays well-formed for every format, only the signature breaks.
    const tampered = { headers: d.headers, body: Buffer.from(d.body.toString('utf8').replace(/\d/, (x) => String((Number(x) + 1) % 10))) };
    for (const bad of [tampered, signSample(sample, { key: signer.otherKey() }), signer.unsign(d)]) {
      const res = await post(svc.url, provider, bad);
      expect(res.status, res.body).toBe(401);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'invalid_signature' } });
    }
  });

  // Only schemes that sign a timestamp can expire a captured request; the others rely on dedup.
  if (adapter.timestamped) {
    it('rejects a signature timestamped 10 minutes ago with 401 (replay window)', async () => {
      const res = await post(svc.url, provider, signSample(samples[0]!, { timestamp: new Date(Date.now() - 600_000) }));
      expect(res.status, res.body).toBe(401);
    });
  }

  it('answers 413 for a 300 KiB body, 415 for a content type it never sends, 400 for garbage', async () => {
    const d = signSample(samples[0]!);
    const big = await post(svc.url, provider, { headers: d.headers, body: Buffer.alloc(300 * 1024, 0x61) });
    expect(big.status).toBe(413);
    const wrongType = await post(svc.url, provider, { headers: { ...d.headers, 'content-type': 'application/xml' }, body: d.body });
    expect(wrongType.status).toBe(415);
    const garbage = await post(svc.url, provider, { headers: d.headers, body: Buffer.from([0x00, 0xff, 0x7b, 0x7b, 0x5b]) });
    expect(garbage.status, garbage.body).toBe(400);
    for (const r of [big, wrongType, garbage]) expect(JSON.parse(r.body).error.code).toMatch(/^[a-z_]+$/);
  });
});

describe('POST /webhooks/:provider in general', () => {
  it('answers 404 for an unknown provider', async () => {
    const res = await fetch(`${svc.url}/webhooks/not-a-provider`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'unknown_provider' } });
  });

  it('refuses compressed bodies with 415 (no decompression bombs)', async () => {
    const d = signSample(loadSamples('standard')[0]!);
    const res = await post(svc.url, 'standard', { headers: { ...d.headers, 'content-encoding': 'gzip' }, body: d.body });
    expect(res.status).toBe(415);
  });
});
