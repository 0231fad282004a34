import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlipaySdk } from 'alipay-sdk';
import { describe, expect, it } from 'vitest';
import { EVENTS_DIR, loadSamples } from '../../../events/samples.ts';
import { alipaySigner } from '../../../events/signers/alipay.ts';
import { localPrivateKey } from '../../../events/signers/rsa-keys.ts';
import { alipay } from '../../../lib/intake/providers/alipay.ts';
import { LOCAL_DEFAULT_SECRETS } from '../../../lib/intake/providers/local-defaults.ts';
import { isIgnored, SignatureError } from '../../../lib/intake/providers/types.ts';

/**
 * A notification Alipay itself signed (from the official SDK's tests), verified byte for byte by
 * our adapter and by the official `alipay-sdk`; and our sample signer's output accepted by the
 * official SDK's own verifier, so the local samples are signed exactly as Alipay signs.
 */
const dir = join(EVENTS_DIR, 'alipay', 'genuine');
const fields = JSON.parse(readFileSync(join(dir, 'trade-success-2019081500222155624068450559358070.json'), 'utf8')) as Record<string, string>;
const alipayKey = readFileSync(join(dir, 'alipay-public-key.pem'), 'utf8');
const ctx = (key: string) => ({ secrets: [key], extra: {}, now: new Date(), toleranceSeconds: 300 });
const asForm = (f: Record<string, string>) => Buffer.from(new URLSearchParams(f).toString());

describe('alipay, a genuinely Alipay-signed notification', () => {
  it('verifies with Alipay\'s key through the form body, and no longer after one changed byte', () => {
    const body = asForm(fields);
    const r = { headers: { 'content-type': 'application/x-www-form-urlencoded' }, rawBody: body, receivedAt: new Date() };
    expect(() => alipay.verify(r, alipay.decode(r), ctx(alipayKey))).not.toThrow();
    const tampered = asForm({ ...fields, total_amount: '0.11' });
    const t = { ...r, rawBody: tampered };
    expect(() => alipay.verify(t, alipay.decode(t), ctx(alipayKey))).toThrow(SignatureError);
  });

  it('is a payment (TRADE_SUCCESS without refund fields): understood and ignored', () => {
    expect(isIgnored(alipay.parse(fields, { secrets: [], extra: {} }))).toBe(true);
  });

  it('the official alipay-sdk agrees on the genuine notification and on every locally signed sample', () => {
    const sdk = new AlipaySdk({ appId: fields.app_id!, privateKey: localPrivateKey('alipay'), alipayPublicKey: alipayKey });
    expect(sdk.checkNotifySignV2({ ...fields })).toBe(true);
    const local = new AlipaySdk({ appId: '2021000000000000', privateKey: localPrivateKey('alipay'), alipayPublicKey: LOCAL_DEFAULT_SECRETS.alipay.secret });
    for (const s of loadSamples('alipay')) {
      const signed = Object.fromEntries(new URLSearchParams(alipaySigner.sign(s.body).body.toString()));
      expect(local.checkNotifySignV2(signed), s.variant).toBe(true);
    }
  });
});
