import { toEvents } from '../normalize.ts';
import { describe, expect, it } from 'vitest';
import { wechatpay, decryptResource } from '../../../../lib/intake/providers/wechatpay.ts';
import { alipay, alipaySigningString } from '../../../../lib/intake/providers/alipay.ts';
import { LOCAL_DEFAULT_SECRETS } from '../../../../lib/intake/providers/local-defaults.ts';
import { SignatureError } from '../../../../lib/intake/providers/types.ts';
import { wechatpaySigner } from '../../../../events/signers/wechatpay.ts';
import { alipaySigner } from '../../../../events/signers/alipay.ts';
import { loadSamples } from '../../../../events/samples.ts';

const req = (d: { headers: Record<string, string>; body: Buffer }) => ({ headers: d.headers, rawBody: d.body, receivedAt: new Date() });

describe('wechat pay v3', () => {
  const secrets = { secrets: [LOCAL_DEFAULT_SECRETS.wechatpay.secret], extra: LOCAL_DEFAULT_SECRETS.wechatpay.extra! };
  const ctx = { ...secrets, now: new Date(), toleranceSeconds: 300 };

  it('rejects the WECHATPAY/SIGNTEST/ probe that WeChat sends on purpose', () => {
    const d = wechatpaySigner.sign(loadSamples('wechatpay')[0]!.body);
    const probe = { ...d, headers: { ...d.headers, 'wechatpay-signature': 'WECHATPAY/SIGNTEST/abc' } };
    expect(() => wechatpay.verify(req(probe), null, ctx)).toThrow(SignatureError);
    expect(() => wechatpay.verify(req(d), null, ctx)).not.toThrow();
  });

  it('decrypts the AES-256-GCM resource with the APIv3 key and refuses a wrong key', () => {
    const d = wechatpaySigner.sign(loadSamples('wechatpay').find((s) => s.variant === 'refund-success')!.body);
    const env = JSON.parse(d.body.toString());
    expect(JSON.parse(decryptResource(env.resource, secrets.extra.APIV3_KEY!)).out_refund_no).toBe('RF-0555-1');
    expect(() => decryptResource(env.resource, 'x'.repeat(32))).toThrow();
    const events = toEvents(wechatpay, env, secrets, req(d));
    expect(events[0]!.body).toMatchObject({ type: 'aftersale.updated', data: { orderId: 'SO-20261120-0555', status: 'refunded', amount: { value: 88, currency: 'CNY' } } });
  });
});

describe('alipay', () => {
  it('signs the sorted fields without sign/sign_type/empty values, values URL-decoded', () => {
    expect(alipaySigningString({ b: '2', a: '1 2', sign: 'x', sign_type: 'RSA2', c: '' })).toBe('a=1 2&b=2');
  });
  it('a partial refund (TRADE_SUCCESS + refund_fee) completes the refund; the ack is the literal text success', () => {
    const d = alipaySigner.sign(loadSamples('alipay').find((s) => s.variant === 'trade-partial-refund')!.body);
    const fields = alipay.decode(req(d));
    expect(() => alipay.verify(req(d), fields, { secrets: [LOCAL_DEFAULT_SECRETS.alipay.secret], extra: {}, now: new Date(), toleranceSeconds: 300 })).not.toThrow();
    const [e] = toEvents(alipay, fields, { secrets: [], extra: {} }, req(d));
    expect(e!.body).toMatchObject({ data: { orderId: 'SO-20261119-0901', status: 'refunded', amount: { value: 50 } } });
    expect(alipay.ack('x')).toEqual({ status: 200, body: 'success', contentType: 'text/plain' });
  });
});
