import type { IncomingMessage } from 'node:http';
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

/** The hash constructor SignatureV4 takes (the SDK's own is @aws-crypto/sha256-js; node:crypto computes the same). */
class Sha256 {
  private readonly h;
  constructor(secret?: string | Uint8Array) {
    this.h = secret ? createHmac('sha256', secret) : createHash('sha256');
  }
  update(d: string | Uint8Array) {
    this.h.update(d);
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
}

/**
 * What an AWS endpoint does with a signed request, for the local stand-ins of Lambda's Invoke:
 * re-sign what arrived with the AWS SDK's own signer, at the instant the request says it was
 * signed and over exactly the headers it says it signed; the signatures must agree.
 */
export async function sigV4Matches(
  req: IncomingMessage,
  body: string,
  o: { base: string; credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }; region: string; service: string },
): Promise<boolean> {
  const amzDate = String(req.headers['x-amz-date']);
  const signer = new SignatureV4({ credentials: o.credentials, region: o.region, service: o.service, sha256: Sha256 as never, applyChecksum: false });
  const u = new URL(req.url!, o.base);
  const signedNames = /SignedHeaders=([^,]+)/.exec(String(req.headers.authorization))?.[1]?.split(';') ?? [];
  const headers: Record<string, string> = {};
  for (const h of signedNames) headers[h] = String(req.headers[h] ?? '');
  const signed = await signer.sign(
    { method: req.method!, protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: u.pathname, headers, body },
    { signingDate: new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`) },
  );
  const ours = String(signed.headers.authorization).split('Signature=')[1];
  const theirs = String(req.headers.authorization).split('Signature=')[1];
  return !!theirs && ours === theirs;
}
