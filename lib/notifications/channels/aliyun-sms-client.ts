import { createHash, createHmac, randomUUID } from 'node:crypto';

/**
 * A client for ONE Alibaba Cloud call, `SendSms` (dysmsapi 2017-05-25), signed with the documented
 * V3 signature (ACS3-HMAC-SHA256, https://help.aliyun.com/document_detail/2593177.html).
 *
 * Why not the official `@alicloud/dysmsapi20170525`: it brings the whole Tea runtime and adds
 * 1.1 MB to the notifier's bundle (2.9× the entire baseline of a Lambda bundle), for one request.
 * The signature is tested against an independent implementation written from the same document.
 * Like the SDK's default, no retries here: SendSms is not idempotent ("本接口不支持幂等"), so a
 * retry happens only through the notify queue, after the notifier's claim.
 */
export interface AliyunSmsClientOptions {
  accessKeyId: string;
  accessKeySecret: string;
  /** `dysmsapi.aliyuncs.com` (default), or `http://127.0.0.1:port` for a local endpoint in tests. */
  endpoint?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface SendSmsRequest {
  phoneNumbers: string;
  signName: string;
  templateCode: string;
  templateParam: string;
  outId?: string;
}

/** HTTP 200 answers: `Code: "OK"` or a business code (`isv.*`, `isp.*`). */
export interface SendSmsResponse {
  body: { code?: string; message?: string; bizId?: string; requestId?: string };
}

/** Gateway refusals (4xx/5xx: SignatureDoesNotMatch, Throttling.User, ServiceUnavailable), as the SDK names them. */
export class AliyunGatewayError extends Error {
  constructor(
    readonly code: string,
    readonly statusCode: number,
  ) {
    super(`aliyun gateway ${code} (HTTP ${statusCode})`);
    this.name = code.startsWith('Throttling') ? 'ThrottlingError' : statusCode >= 500 ? 'ServerError' : 'ClientError';
  }
}

export interface AliyunSmsClient {
  sendSms(req: SendSmsRequest): Promise<SendSmsResponse>;
}

/** RFC 3986 percent-encoding, as the V3 canonical query requires. */
const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

export function createAliyunSmsClient(o: AliyunSmsClientOptions): AliyunSmsClient {
  const endpoint = o.endpoint ?? 'dysmsapi.aliyuncs.com';
  const base = /^https?:\/\//i.test(endpoint) ? endpoint.replace(/\/+$/, '') : `https://${endpoint}`;
  const host = new URL(base).host;
  const doFetch = o.fetch ?? fetch;
  return {
    async sendSms(req) {
      const params: Record<string, string> = { PhoneNumbers: req.phoneNumbers, SignName: req.signName, TemplateCode: req.templateCode, TemplateParam: req.templateParam, ...(req.outId ? { OutId: req.outId } : {}) };
      const query = Object.keys(params)
        .sort()
        .map((k) => `${enc(k)}=${enc(params[k]!)}`)
        .join('&');
      const headers: Record<string, string> = {
        host,
        'x-acs-action': 'SendSms',
        'x-acs-content-sha256': sha256Hex(''),
        'x-acs-date': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        'x-acs-signature-nonce': randomUUID(),
        'x-acs-version': '2017-05-25',
      };
      const signed = Object.keys(headers).sort();
      const canonical = ['POST', '/', query, signed.map((h) => `${h}:${headers[h]!.trim()}\n`).join(''), signed.join(';'), headers['x-acs-content-sha256']].join('\n');
      const signature = createHmac('sha256', o.accessKeySecret).update(`ACS3-HMAC-SHA256\n${sha256Hex(canonical)}`).digest('hex');
      const { host: _host, ...sent } = headers;
      const res = await doFetch(`${base}/?${query}`, {
        method: 'POST',
        headers: { ...sent, accept: 'application/json', authorization: `ACS3-HMAC-SHA256 Credential=${o.accessKeyId},SignedHeaders=${signed.join(';')},Signature=${signature}` },
        signal: AbortSignal.timeout(o.timeoutMs ?? 5000),
      }).catch((err: unknown) => {
        // fetch hides the socket error in `cause`: surface its code so the channel sees "network, retry".
        const cause = (err as { cause?: { code?: string } }).cause;
        throw Object.assign(new Error('aliyun-sms unreachable'), { name: (err as Error).name === 'TimeoutError' ? 'TimeoutError' : 'NetworkError', code: cause?.code ?? 'ECONNRESET' });
      });
      const body = (await res.json().catch(() => ({}))) as Record<string, string | undefined>;
      if (!res.ok) throw new AliyunGatewayError(body.Code ?? `HTTP${res.status}`, res.status);
      return { body: { code: body.Code, message: body.Message, bizId: body.BizId, requestId: body.RequestId } };
    },
  };
}
