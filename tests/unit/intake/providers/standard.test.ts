import { toEvents } from '../normalize.ts';
import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { standard } from '../../../../lib/intake/providers/standard.ts';
import { SignatureError, type InboundRequest, type VerifyContext } from '../../../../lib/intake/providers/types.ts';
import { LOCAL_DEFAULT_SECRETS } from '../../../../lib/intake/providers/local-defaults.ts';
import { standardSigner } from '../../../../events/signers/standard.ts';
import { loadSamples } from '../../../../events/samples.ts';

const secret = LOCAL_DEFAULT_SECRETS.standard.secret;
const ctx = (now = new Date()): VerifyContext => ({ secrets: [secret], extra: {}, now, toleranceSeconds: 300 });
const req = (d: { headers: Record<string, string>; body: Buffer }): InboundRequest => ({ headers: d.headers, rawBody: d.body, receivedAt: new Date() });

describe('standard adapter (Standard Webhooks v1)', () => {
  const samples = loadSamples('standard');

  it('has samples', () => expect(samples.length).toBeGreaterThan(0));

  it('accepts a signature made by the independent standardwebhooks library', () => {
    // Prepare
    const body = samples[0]!.body;
    const now = new Date();
    const sig = new Webhook(secret).sign('msg_ext_1', now, body.toString('utf8'));
    const r = req({ body, headers: { 'webhook-id': 'msg_ext_1', 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': sig } });
    // Act + Assess
    expect(() => standard.verify(r, standard.decode(r), ctx(now))).not.toThrow();
  });

  it('accepts any of several active secrets (rotation) and any of several signatures', () => {
    const d = standardSigner.sign(samples[0]!.body);
    const r = req(d);
    expect(() => standard.verify(r, null, { ...ctx(), secrets: [standardSigner.otherKey(), secret] })).not.toThrow();
    const twoSigs = { ...d.headers, 'webhook-signature': `v1,AAAA ${d.headers['webhook-signature']}` };
    expect(() => standard.verify(req({ body: d.body, headers: twoSigs }), null, ctx())).not.toThrow();
  });

  it('rejects tampered bodies, wrong secrets, missing signatures and stale or future timestamps', () => {
    const d = standardSigner.sign(samples[0]!.body);
    const tampered = { ...d, body: Buffer.concat([d.body, Buffer.from(' ')]) };
    expect(() => standard.verify(req(tampered), null, ctx())).toThrow(SignatureError);
    expect(() => standard.verify(req(standardSigner.sign(d.body, { key: standardSigner.otherKey() })), null, ctx())).toThrow(SignatureError);
    expect(() => standard.verify(req(standardSigner.unsign(d)), null, ctx())).toThrow(SignatureError);
    const old = standardSigner.sign(d.body, { timestamp: new Date(Date.now() - 600_000) });
    expect(() => standard.verify(req(old), null, ctx())).toThrow(/tolerance/);
    const future = standardSigner.sign(d.body, { timestamp: new Date(Date.now() + 600_000) });
    expect(() => standard.verify(req(future), null, ctx())).toThrow(/tolerance/);
  });

  it('parses and normalises every sample to canonical events', () => {
    for (const s of samples) {
      const events = toEvents(standard, standard.decode(req({ body: s.body, headers: {} })), { secrets: [], extra: {} }, req({ body: s.body, headers: {} }));
      expect(events.length, s.variant).toBe(1);
      expect(events[0]!.body.type).toMatch(/^(order\.shipped|aftersale\.(requested|updated)|tracking\.updated|complaint\.reported)$/);
    }
  });
});
