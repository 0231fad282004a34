import { alipaySigningString } from '../../lib/intake/providers/alipay.ts';
import { freshPrivateKey, localPrivateKey, rsaSign } from './rsa-keys.ts';
import type { ProviderSigner } from './types.ts';

/** The sample is the notification's fields as JSON; the wire form is the signed form body. */
export const alipaySigner: ProviderSigner = {
  sign(sample, o = {}) {
    const fields = JSON.parse(sample.toString('utf8')) as Record<string, string>;
    const sign = rsaSign(alipaySigningString(fields), o.key ?? localPrivateKey('alipay'));
    return { body: Buffer.from(new URLSearchParams({ ...fields, sign_type: 'RSA2', sign }).toString()), headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } };
  },
  unsign(d) {
    const form = new URLSearchParams(d.body.toString('utf8'));
    form.delete('sign');
    return { headers: d.headers, body: Buffer.from(form.toString()) };
  },
  otherKey: freshPrivateKey,
};
