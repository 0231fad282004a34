import { createHash, createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { AliyunSmsChannel, createAliyunSmsClient } from '../../../lib/notifications/channels/aliyun-sms-channel.ts';
import { AwsSmsChannel } from '../../../lib/notifications/channels/aws-sms-channel.ts';
import type { OutboundNotification } from '../../../lib/notifications/channels/notification-channel.ts';
import { createCustomerChannels } from '../../../lib/notifications/notification-channels.ts';
import { loadNotifyConfig } from '../../../lib/notifications/notify-config.ts';
import { renderDelayWarning } from '../../../lib/notifications/templates.ts';
import { startLocalEndpoint, type Answer, type RecordedRequest } from './local-endpoint.ts';

/**
 * Issue 15: SMS through each provider's real SDK client, pointed at a local endpoint that answers
 * as the provider documents (request shape checked, documented success and error bodies).
 */
const remedy = { 'zh-CN': '我们已为您免费升级次日达冷链，并赠送 50 元优惠券。', en: 'We upgraded you to next-day cold-chain delivery and added a 50 CNY coupon.' };
const notification = (phone: string, locale: 'zh-CN' | 'en' = 'zh-CN'): OutboundNotification => ({
  id: 'ntf_sms_1', incidentId: 'inc_1', batchId: 'BATCH-CHERRY', orderId: 'SO-CHERRY-7', trackingNumber: 'SF1007', channel: 'sms', locale, template: 'delay_warning',
  status: 'sending', queuedAt: '2026-11-22T00:00:00.000Z', to: { name: '李雷', phone }, carrier: 'sf-express',
});
const rendered = (locale: 'zh-CN' | 'en') => renderDelayWarning(locale, { orderId: 'SO-CHERRY-7', carrier: 'sf-express', trackingNumber: 'SF1007', promisedBy: '2026-11-22T08:00:00.000Z' }, remedy);
const json = (r: RecordedRequest) => JSON.parse(r.body) as Record<string, any>;

describe('AWS End User Messaging SMS (SendTextMessage, awsJson1_0) through the real SDK client', () => {
  let answer: Answer;
  let ep: Awaited<ReturnType<typeof startLocalEndpoint>>;
  const client = () =>
    // As the composition root builds it, with the SDK's own retries off so each answer maps to one outcome.
    new PinpointSMSVoiceV2Client({ endpoint: ep.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  // Error bodies as awsJson1_0 services send them: `__type` names the exception (API reference → Errors).
  const error = (status: number, type: string, extra: object = {}): Answer => ({ status, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': type }, body: { __type: type, Message: 'provider text', ...extra } });

  beforeAll(async () => {
    ep = await startLocalEndpoint((r) => {
      if (r.headers['x-amz-target'] !== 'PinpointSMSVoiceV2.SendTextMessage') return error(400, 'UnknownOperationException');
      return answer;
    });
  });
  afterAll(async () => ep?.stop());
  afterEach(() => {
    ep.requests.length = 0;
  });

  it('sends one TRANSACTIONAL message to the E.164 number from the origination identity, signed SigV4', async () => {
    answer = { status: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: { MessageId: 'msg-0001' } };
    const channel = new AwsSmsChannel(client(), { originationIdentity: 'pool-abc', configurationSet: 'notify-events' });
    const res = await channel.send(notification('+1 (206) 555-0100', 'en'), rendered('en'));
    expect(res).toEqual({ ok: true, detail: 'aws-sms msg-0001' });
    const [req] = ep.requests;
    expect(req!.method).toBe('POST');
    expect(req!.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(req!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/us-east-1\/sms-voice\/aws4_request/);
    expect(json(req!)).toEqual({
      DestinationPhoneNumber: '+12065550100',
      OriginationIdentity: 'pool-abc',
      ConfigurationSetName: 'notify-events',
      MessageBody: `${rendered('en').subject}\n${rendered('en').text}`,
      MessageType: 'TRANSACTIONAL',
      Context: { notificationId: 'ntf_sms_1' },
    });
  });

  it('ThrottlingException and InternalServerException fail retryable; quota, opt-out and validation do not', async () => {
    const channel = new AwsSmsChannel(client());
    const cases: [Answer, { retryable: boolean; detail: string }][] = [
      [error(400, 'ThrottlingException'), { retryable: true, detail: 'aws-sms ThrottlingException' }],
      [error(500, 'InternalServerException'), { retryable: true, detail: 'aws-sms InternalServerException' }],
      [error(400, 'ServiceQuotaExceededException', { Reason: 'MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT' }), { retryable: false, detail: 'aws-sms ServiceQuotaExceededException MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT' }],
      [error(400, 'ConflictException', { Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT', ResourceType: 'opt-out-list', ResourceId: 'Default' }), { retryable: false, detail: 'aws-sms ConflictException DESTINATION_PHONE_NUMBER_OPTED_OUT' }],
      [error(400, 'ValidationException', { Reason: 'INVALID_PARAMETER', Fields: [] }), { retryable: false, detail: 'aws-sms ValidationException INVALID_PARAMETER' }],
    ];
    for (const [a, expected] of cases) {
      answer = a;
      const res = await channel.send(notification('+8613812345678'), rendered('zh-CN'));
      expect(res).toEqual({ ok: false, ...expected });
      expect(JSON.stringify(res)).not.toContain('13812345678');
    }
  });

  it('an unreachable endpoint is a retryable failure', async () => {
    const down = new AwsSmsChannel(new PinpointSMSVoiceV2Client({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' }, maxAttempts: 1 }));
    expect(await down.send(notification('+12065550100'), rendered('en'))).toMatchObject({ ok: false, retryable: true });
  });
});

/**
 * Alibaba Cloud V3 signature (https://help.aliyun.com/document_detail/2593177.html), recomputed
 * here from the document, independently of lib/notifications/channels/aliyun-sms-client.ts: canonical request = method, URI, sorted and
 * RFC 3986-encoded query, lower-cased signed headers (host, content-type, x-acs-*), the signed
 * header names, the hex SHA-256 of the body; string to sign = "ACS3-HMAC-SHA256\n" + its hex
 * SHA-256; signature = hex HMAC-SHA256 with the AccessKey secret.
 */
function verifyAcs3(r: RecordedRequest, accessKeyId: string, secret: string): string | undefined {
  const auth = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(String(r.headers.authorization ?? ''));
  if (!auth) return 'IncompleteSignature';
  const [, credential, signedHeaders, signature] = auth;
  if (credential !== accessKeyId) return 'InvalidAccessKeyId.NotFound';
  const names = signedHeaders!.split(';');
  for (const required of ['host', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-version']) if (!names.includes(required)) return 'IncompleteSignature';
  const payloadHash = createHash('sha256').update(r.body).digest('hex');
  if (r.headers['x-acs-content-sha256'] !== payloadHash) return 'ContentSHA256NotMatched';
  const [path, rawQuery = ''] = r.url.split('?');
  const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const query = rawQuery
    .split('&')
    .filter(Boolean)
    .map((kv) => kv.split('=').map((p) => decodeURIComponent(p)) as [string, string?])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${enc(k)}=${enc(v ?? '')}`)
    .join('&');
  const headers = names.map((n) => `${n}:${String(r.headers[n] ?? '').trim()}\n`).join('');
  const canonical = [r.method, path, query, headers, signedHeaders, payloadHash].join('\n');
  const toSign = `ACS3-HMAC-SHA256\n${createHash('sha256').update(canonical).digest('hex')}`;
  return createHmac('sha256', secret).update(toSign).digest('hex') === signature ? undefined : 'SignatureDoesNotMatch';
}

describe('Alibaba Cloud SMS (dysmsapi 2017-05-25 SendSms) through its signed client', () => {
  const AK = 'LTAI5tLocalTestKey';
  const SK = 'local-test-access-key-secret';
  let answer: Answer;
  let ep: Awaited<ReturnType<typeof startLocalEndpoint>>;
  const requestId = 'F655A8D5-B967-440B-8683-DAD6FF8DE990';
  // Business outcomes: HTTP 200 with Code (SendSms → 返回参数; error codes page).
  const biz = (Code: string, Message: string, BizId?: string): Answer => ({ status: 200, body: { Code, Message, RequestId: requestId, ...(BizId ? { BizId } : {}) } });

  beforeAll(async () => {
    ep = await startLocalEndpoint((r) => {
      const sigError = verifyAcs3(r, AK, SK);
      // Gateway errors: HTTP 4xx with Code / Message / RequestId (Alibaba Cloud common error codes).
      if (sigError) return { status: sigError === 'InvalidAccessKeyId.NotFound' ? 404 : 400, body: { RequestId: requestId, HostId: 'dysmsapi.aliyuncs.com', Code: sigError, Message: 'Specified signature does not match our calculation.' } };
      if (r.headers['x-acs-action'] !== 'SendSms' || r.headers['x-acs-version'] !== '2017-05-25') return { status: 404, body: { RequestId: requestId, Code: 'InvalidAction.NotFound', Message: 'Specified api is not found' } };
      return answer;
    });
  });
  afterAll(async () => ep?.stop());
  afterEach(() => {
    ep.requests.length = 0;
  });
  const channel = (secret = SK) => new AliyunSmsChannel(createAliyunSmsClient({ accessKeyId: AK, accessKeySecret: secret, endpoint: ep.url, timeoutMs: 2000 }), { signName: '樱桃小铺', templateCode: 'SMS_465370012' });
  const sentQuery = (r: RecordedRequest) => Object.fromEntries(new URL(r.url, 'http://x').searchParams);

  it('sends SendSms with sign name, template code and the template variables as a JSON string, V3-signed', async () => {
    answer = biz('OK', 'OK', '900619746936498440^0');
    const res = await channel().send(notification('+86 138 1234 5678'), rendered('zh-CN'));
    expect(res).toEqual({ ok: true, detail: 'aliyun-sms 900619746936498440^0' });
    const [req] = ep.requests;
    expect(req!.method).toBe('POST');
    const q = sentQuery(req!);
    expect(q).toMatchObject({ PhoneNumbers: '13812345678', SignName: '樱桃小铺', TemplateCode: 'SMS_465370012', OutId: 'ntf_sms_1' });
    // TemplateParam: a JSON string whose values are all strings (isv.INVALID_JSON_PARAM otherwise).
    expect(JSON.parse(q.TemplateParam!)).toEqual({ order: 'SO-CHERRY-7', carrier: 'sf-express', tracking: 'SF1007', date: '2026-11-22', remedy: remedy['zh-CN'] });
  });

  it('the local endpoint really checks the signature: a wrong AccessKey secret is refused (not retryable)', async () => {
    answer = biz('OK', 'OK', 'never');
    const res = await channel('not-the-secret').send(notification('13812345678'), rendered('zh-CN'));
    expect(res).toEqual({ ok: false, retryable: false, detail: 'aliyun-sms SignatureDoesNotMatch (HTTP 400)' });
  });

  it('flow control and platform errors fail retryable; a bad number or template does not', async () => {
    const cases: [Answer, { retryable: boolean; detail: string }][] = [
      [biz('isv.BUSINESS_LIMIT_CONTROL', '触发天级流控Permits:10'), { retryable: true, detail: 'aliyun-sms isv.BUSINESS_LIMIT_CONTROL' }],
      [biz('isp.SYSTEM_ERROR', 'isp.SYSTEM_ERROR'), { retryable: true, detail: 'aliyun-sms isp.SYSTEM_ERROR' }],
      [biz('isv.MOBILE_NUMBER_ILLEGAL', '非法手机号'), { retryable: false, detail: 'aliyun-sms isv.MOBILE_NUMBER_ILLEGAL' }],
      [biz('isv.SMS_TEMPLATE_ILLEGAL', '该账号下找不到对应模板'), { retryable: false, detail: 'aliyun-sms isv.SMS_TEMPLATE_ILLEGAL' }],
      [biz('isv.AMOUNT_NOT_ENOUGH', '账户余额不足'), { retryable: false, detail: 'aliyun-sms isv.AMOUNT_NOT_ENOUGH' }],
      [{ status: 503, body: { RequestId: requestId, Code: 'ServiceUnavailable', Message: 'The request has failed due to a temporary failure of the server.' } }, { retryable: true, detail: 'aliyun-sms ServiceUnavailable (HTTP 503)' }],
      [{ status: 400, body: { RequestId: requestId, Code: 'Throttling.User', Message: 'Request was denied due to user flow control.' } }, { retryable: true, detail: 'aliyun-sms Throttling.User (HTTP 400)' }],
    ];
    for (const [a, expected] of cases) {
      answer = a;
      const res = await channel().send(notification('+8613812345678'), rendered('zh-CN'));
      expect(res).toEqual({ ok: false, ...expected });
      expect(JSON.stringify(res)).not.toContain('13812345678');
    }
  });

  it('an unreachable endpoint is retryable; a number outside mainland China is never sent to Aliyun', async () => {
    const down = new AliyunSmsChannel(createAliyunSmsClient({ accessKeyId: AK, accessKeySecret: SK, endpoint: 'http://127.0.0.1:9', timeoutMs: 1000 }), { signName: 's', templateCode: 't' });
    expect(await down.send(notification('+8613812345678'), rendered('zh-CN'))).toMatchObject({ ok: false, retryable: true });
    expect(await channel().send(notification('+852 5123 4567'), rendered('zh-CN'))).toEqual({ ok: false, retryable: false, detail: 'aliyun-sms serves mainland-China mobile numbers only' });
    expect(ep.requests).toHaveLength(0);
  });

  it('the sms channel routes mainland numbers to Aliyun and the rest to AWS', async () => {
    answer = biz('OK', 'OK', 'b1');
    const aws = await startLocalEndpoint(() => ({ status: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: { MessageId: 'aws-1' } }));
    try {
      const config = loadNotifyConfig({ STAGE: 'prod', ALIYUN_SMS_SIGN_NAME: '樱桃小铺', ALIYUN_SMS_TEMPLATE_CODE: 'SMS_465370012' });
      const { byName } = createCustomerChannels(config, {
        aliyunSms: createAliyunSmsClient({ accessKeyId: AK, accessKeySecret: SK, endpoint: ep.url }),
        smsVoice: new PinpointSMSVoiceV2Client({ endpoint: aws.url, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' }, maxAttempts: 1 }),
      });
      expect(await byName.sms!.send(notification('+8613812345678'), rendered('zh-CN'))).toEqual({ ok: true, detail: 'aliyun-sms b1' });
      expect(await byName.sms!.send(notification('+447700900123', 'en'), rendered('en'))).toEqual({ ok: true, detail: 'aws-sms aws-1' });
      expect([ep.requests.length, aws.requests.length]).toEqual([1, 1]);
    } finally {
      await aws.stop();
    }
  });
});
