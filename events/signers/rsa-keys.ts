import { createSign, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The throwaway LOCAL private keys in events/keys/ (their public halves are the local default secrets). */
export const localPrivateKey = (provider: 'paypal' | 'alipay' | 'wechatpay') => readFileSync(join(import.meta.dirname, '..', 'keys', `${provider}.private.pem`), 'utf8');

export { signRsaSha256 as rsaSign } from '../../lib/platform/signing/rsa.ts';

/** A fresh key pair's private half: "a key of the right kind that is not the configured one". */
export const freshPrivateKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
