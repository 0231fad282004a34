import { isDependencyUnavailable } from '../../platform/errors.ts';
import type { NotificationChannel, OutboundNotification, SendResult } from './notification-channel.ts';
import type { RenderedMessage } from '../templates.ts';
import { mainlandChinaMobile } from './phone.ts';
import type { AliyunSmsClient } from './aliyun-sms-client.ts';

export { createAliyunSmsClient, type AliyunSmsClient } from './aliyun-sms-client.ts';

export interface AliyunSmsOptions {
  /** ALIYUN_SMS_SIGN_NAME (签名). */
  signName: string;
  /** ALIYUN_SMS_TEMPLATE_CODE (模板) of the delay warning. */
  templateCode: string;
}

/**
 * Business outcomes arrive as HTTP 200 with `Code` ≠ `OK` (SendSms → 返回参数, error code list
 * https://help.aliyun.com/document_detail/101346.html). `isp.*` codes are the platform's own
 * failures ("系统错误", retry); `isv.*` are the caller's, which do not improve by retrying, except
 * flow control: isv.BUSINESS_LIMIT_CONTROL (触发业务流控, "retry later"). Day and month quotas
 * (isv.DAY_LIMIT_CONTROL, isv.MONTH_LIMIT_CONTROL) reset far beyond the queue's retries.
 */
const RETRYABLE_CODES = new Set(['isv.BUSINESS_LIMIT_CONTROL', 'isp.SYSTEM_ERROR', 'isp.GATEWAY_ERROR', 'isp.UNKNOWN']);

/**
 * Template variables of the delay warning. Chinese SMS text is pre-approved: the wording lives in
 * the template registered with ALIYUN_SMS_TEMPLATE_CODE, e.g.
 *   您的订单${order}与同批发出的包裹运输延误（${carrier} ${tracking}），可能晚于${date}送达，我们正全程跟进。${remedy}
 * Each value is cut to 35 characters, the limit for a notification template variable
 * (isv.PARAM_LENGTH_LIMIT otherwise).
 */
export interface DelayWarningParams {
  order: string;
  carrier: string;
  tracking: string;
  date: string;
  remedy: string;
}

const MAX_VAR = 35;

/**
 * SMS to mainland-China numbers through Alibaba Cloud SMS `SendSms` (dysmsapi 2017-05-25):
 * `PhoneNumbers` (11-digit national number), `SignName`, `TemplateCode`, `TemplateParam` (JSON
 * string of the template's variables; values must be strings), `OutId` (our notification id,
 * echoed in delivery receipts). Success is `Code: "OK"` with a `BizId`.
 * https://help.aliyun.com/document_detail/419273.html
 */
export class AliyunSmsChannel implements NotificationChannel {
  constructor(
    private readonly client: AliyunSmsClient,
    private readonly o: AliyunSmsOptions,
  ) {}

  async send(n: OutboundNotification, rendered: RenderedMessage): Promise<SendResult> {
    const phone = n.to.phone ? mainlandChinaMobile(n.to.phone) : undefined;
    if (!phone) return { ok: false, retryable: false, detail: n.to.phone ? 'aliyun-sms serves mainland-China mobile numbers only' : 'no phone number' };
    const params: Partial<NonNullable<RenderedMessage['params']>> = rendered.params ?? {};
    const templateParam: DelayWarningParams = {
      order: cut(n.orderId),
      carrier: cut(params.carrier ?? n.carrier),
      tracking: cut(n.trackingNumber),
      date: cut(params.date ?? ''),
      remedy: cut(params.remedy ?? ''),
    };
    try {
      const res = await this.client.sendSms(
        {
          phoneNumbers: phone,
          signName: this.o.signName,
          templateCode: this.o.templateCode,
          templateParam: JSON.stringify(templateParam),
          outId: n.id.slice(0, 256),
        },
      );
      const body = res.body;
      if (body?.code === 'OK') return { ok: true, detail: `aliyun-sms ${body.bizId ?? ''}`.trim() };
      const code = body?.code ?? 'no code';
      return { ok: false, retryable: RETRYABLE_CODES.has(code) || code.startsWith('isp.'), detail: `aliyun-sms ${code}` };
    } catch (err) {
      return aliyunFailure(err);
    }
  }
}

/**
 * Errors the client throws: HTTP 4xx/5xx from the gateway (SignatureDoesNotMatch,
 * InvalidAccessKeyId.NotFound, Throttling.User, ServiceUnavailable) as ClientError / ServerError /
 * ThrottlingError with `code` and `statusCode`; network failures as Node errors. Only the code is kept.
 */
function aliyunFailure(err: unknown): SendResult {
  const e = err as { name?: string; code?: string; statusCode?: number };
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const code = typeof e.code === 'string' ? e.code : (e.name ?? 'error');
  const retryable = e.name === 'ThrottlingError' || /Throttling|ServiceUnavailable|InternalError/.test(code) || (status !== undefined && status >= 500) || (status === undefined && isNetworkError(err));
  return { ok: false, retryable, detail: `aliyun-sms ${code}${status ? ` (HTTP ${status})` : ''}` };
}

function isNetworkError(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? '';
  return isDependencyUnavailable(err) || /ECONN|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|EPIPE|socket|timeout/i.test(`${code} ${err instanceof Error ? err.name : ''}`);
}

const cut = (s: string) => (s.length > MAX_VAR ? s.slice(0, MAX_VAR) : s);
