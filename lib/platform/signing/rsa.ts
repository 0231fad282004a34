import { createSign, createVerify } from 'node:crypto';

/**
 * SHA256withRSA verification against every configured public key or certificate PEM (rotation:
 * providers publish a new platform key/cert before retiring the old one). Used by PayPal, Alipay
 * and WeChat Pay. A malformed key counts as "no match", never as a crash.
 */
export function verifyRsaSha256(data: string | Buffer, signatureBase64: string, pems: readonly string[]): boolean {
  const sig = Buffer.from(signatureBase64, 'base64');
  if (sig.length === 0) return false;
  let ok = false;
  for (const pem of pems) {
    try {
      ok = createVerify('RSA-SHA256').update(data).verify(pem, sig) || ok;
    } catch {
      /* not a usable key: try the next */
    }
  }
  return ok;
}

/** The signing side (sample signers, local test keys). */
export const signRsaSha256 = (data: string | Buffer, privateKeyPem: string) => createSign('RSA-SHA256').update(data).sign(privateKeyPem, 'base64');
