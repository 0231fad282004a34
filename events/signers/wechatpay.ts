import { createCipheriv, randomBytes } from 'node:crypto';
import { LOCAL_DEFAULT_SECRETS } from '../../lib/intake/providers/local-defaults.ts';
import { freshPrivateKey, localPrivateKey, rsaSign } from './rsa-keys.ts';
import { withoutHeaders } from './util.ts';
import type { ProviderSigner } from './types.ts';

/**
 * The sample is `{id, create_time, event_type, summary, resource: <plaintext refund object>}`; the
 * signer encrypts the resource with the APIv3 key (AES-256-GCM) and signs the envelope.
 */
export const wechatpaySigner: ProviderSigner = {
  sign(sample, o = {}) {
    const s = JSON.parse(sample.toString('utf8')) as { resource: unknown; [k: string]: unknown };
    const nonce12 = randomBytes(6).toString('hex');
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(LOCAL_DEFAULT_SECRETS.wechatpay.extra!.APIV3_KEY!, 'utf8'), Buffer.from(nonce12, 'utf8'));
    cipher.setAAD(Buffer.from('refund'));
    const ct = Buffer.concat([cipher.update(JSON.stringify(s.resource), 'utf8'), cipher.final(), cipher.getAuthTag()]);
    const envelope = { ...s, id: o.deliveryId ?? s.id, resource_type: 'encrypt-resource', resource: { original_type: 'refund', algorithm: 'AEAD_AES_256_GCM', ciphertext: ct.toString('base64'), associated_data: 'refund', nonce: nonce12 } };
    const body = Buffer.from(JSON.stringify(envelope));
    const ts = Math.floor((o.timestamp ?? new Date()).getTime() / 1000).toString();
    const nonce = randomBytes(16).toString('hex');
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'wechatpay-timestamp': ts,
        'wechatpay-nonce': nonce,
        'wechatpay-serial': 'PUB_KEY_ID_0000000000000024101100397200000006',
        'wechatpay-signature': rsaSign(Buffer.concat([Buffer.from(`${ts}\n${nonce}\n`), body, Buffer.from('\n')]), o.key ?? localPrivateKey('wechatpay')),
      },
    };
  },
  unsign: (d) => withoutHeaders(d, ['wechatpay-signature']),
  otherKey: freshPrivateKey,
};
