import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
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

export const FAKE_LAMBDA_CREDENTIALS = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret', sessionToken: 'tok' };

export type SeenRequest = { method?: string; url?: string; headers: IncomingHttpHeaders; body: string };

/**
 * A local endpoint answering as Lambda's Invoke API does: it records every request, refuses one
 * whose SigV4 signature (region eu-west-1, FAKE_LAMBDA_CREDENTIALS) does not check out with 403
 * as Lambda does, and hands the rest to `answer`.
 */
export async function startFakeLambda(answer: (body: string, res: ServerResponse) => unknown) {
  const seen: SeenRequest[] = [];
  let base = '';
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const c of req) body += c;
    seen.push({ method: req.method, url: req.url, headers: req.headers, body });
    if (!(await sigV4Matches(req, body, { base, credentials: FAKE_LAMBDA_CREDENTIALS, region: 'eu-west-1', service: 'lambda' }))) {
      return void res.writeHead(403, { 'content-type': 'application/json' }).end('{"message":"The request signature we calculated does not match"}');
    }
    await answer(body, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: base, seen, stop: () => new Promise<void>((r) => server.close(() => r())) };
}
