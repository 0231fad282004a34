import * as z from 'zod';

/**
 * Every setting the notifier reads: customer channels (merchant webhook, SES e-mail, AWS and
 * Alibaba Cloud SMS) and team alert robots (contract §2 "Team alert robots"). The platform config
 * (lib/platform/config.ts) is meant to merge this shape (`configSchema.extend(notifyConfigSchema.shape)`)
 * so one parse validates all; until then `loadNotifyConfig` parses it on its own.
 *
 * Values that are credentials (webhook secret, AccessKey secret, robot URLs with their keys and
 * signing secrets) may instead come from the Secrets Manager secret named by NOTIFY_SECRETS_ID
 * (see notify-secrets.ts): deployed, none of them sits in a Lambda environment variable.
 */
const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);
const url = () => z.string().url().optional();
/** `true` / `false` from the environment; a boolean as is (a parsed config parses again unchanged). */
const boolish = (def: boolean) =>
  z
    .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
    .default(def);

export const notifyConfigSchema = z.object({
  /** `local` enables the outbox channel (a "sent" that reached nobody must never happen deployed). */
  STAGE: z.string().default('local'),
  AWS_REGION: z.string().default('us-east-1'),
  DEFAULT_LOCALE: z.enum(['zh-CN', 'en']).default('zh-CN'),

  /** Deployed: Secrets Manager secret (JSON object) whose keys override the credential settings below. */
  NOTIFY_SECRETS_ID: z.string().min(1).optional(),

  // --- merchant webhook (Standard Webhooks signed POST to the shop's own messaging system)
  NOTIFY_WEBHOOK_URL: url(),
  NOTIFY_WEBHOOK_SECRET: z.string().optional(),
  NOTIFY_WEBHOOK_TIMEOUT_MS: int(5000, 100),
  NOTIFY_WEBHOOK_ATTEMPTS: int(3, 1),

  // --- e-mail through SES v2 SendEmail
  /** Verified SES identity; e-mail is offered only when set and an SES client is wired. */
  NOTIFY_EMAIL_FROM: z.string().optional(),
  /** SES configuration set (event publishing, dedicated IPs); optional. */
  NOTIFY_SES_CONFIGURATION_SET: z.string().min(1).optional(),

  // --- SMS through AWS End User Messaging SMS SendTextMessage
  /** Origination identity: phone number, sender id, pool id or their ARNs. Unset: the account default. */
  NOTIFY_SMS_ORIGINATION_IDENTITY: z.string().min(1).optional(),
  /** AWS End User Messaging configuration set (delivery events); optional. */
  NOTIFY_SMS_CONFIGURATION_SET: z.string().min(1).optional(),
  /** Whether AWS SMS also serves mainland-China numbers when Alibaba Cloud SMS is not configured (needs a registered template route). */
  NOTIFY_SMS_AWS_MAINLAND_CHINA: boolish(false),

  // --- SMS through Alibaba Cloud SMS (dysmsapi 2017-05-25 SendSms) for mainland-China numbers
  ALIYUN_SMS_ACCESS_KEY_ID: z.string().min(1).optional(),
  ALIYUN_SMS_ACCESS_KEY_SECRET: z.string().min(1).optional(),
  /** 签名: the approved sign name shown as 【...】 in front of the text. */
  ALIYUN_SMS_SIGN_NAME: z.string().min(1).optional(),
  /** 模板: the approved template code of the delay warning (SMS_xxxxxxx). */
  ALIYUN_SMS_TEMPLATE_CODE: z.string().min(1).optional(),
  /** Host (optionally `host:port`) of the SMS API; `http://` prefix only for local endpoints. */
  ALIYUN_SMS_ENDPOINT: z.string().min(1).default('dysmsapi.aliyuncs.com'),
  /** Per request; Alibaba Cloud advises ≥ 1 s for mainland SendSms (timeout mechanism doc). */
  ALIYUN_SMS_TIMEOUT_MS: int(5000, 500),

  // --- proactive delay warning text
  NOTIFY_REMEDY_ZH_CN: z.string().max(500).default('作为补偿，我们已为您的账户发放一张 50 元优惠券。'),
  NOTIFY_REMEDY_EN: z.string().max(500).default('To make up for it, we have added a 50 CNY coupon to your account.'),

  // --- team alert robots (contract: each a full URL; the URL itself is a credential)
  ALERT_WECOM_URL: url(),
  ALERT_DINGTALK_URL: url(),
  /** 加签 secret (`SEC...`); required with ALERT_DINGTALK_URL: an unsigned robot accepts anyone's messages. */
  ALERT_DINGTALK_SECRET: z.string().min(1).optional(),
  ALERT_FEISHU_URL: url(),
  /** 签名校验 secret; required with ALERT_FEISHU_URL. */
  ALERT_FEISHU_SECRET: z.string().min(1).optional(),
  ALERT_SLACK_URL: url(),
  /** Per robot request. */
  ALERT_TIMEOUT_MS: int(5000, 100),
  /** Language of team alerts; defaults to DEFAULT_LOCALE. */
  ALERT_LOCALE: z.enum(['zh-CN', 'en']).optional(),
});

export type NotifyConfig = z.infer<typeof notifyConfigSchema>;

/** The settings that may come from the notify secret instead of the environment. */
export const NOTIFY_SECRET_KEYS = [
  'NOTIFY_WEBHOOK_URL',
  'NOTIFY_WEBHOOK_SECRET',
  'ALIYUN_SMS_ACCESS_KEY_ID',
  'ALIYUN_SMS_ACCESS_KEY_SECRET',
  'ALERT_WECOM_URL',
  'ALERT_DINGTALK_URL',
  'ALERT_DINGTALK_SECRET',
  'ALERT_FEISHU_URL',
  'ALERT_FEISHU_SECRET',
  'ALERT_SLACK_URL',
] as const satisfies readonly (keyof NotifyConfig)[];

export class NotifyConfigError extends Error {
  override name = 'NotifyConfigError';
}

/**
 * Parses the notifier's settings; empty strings mean unset (shells and CDK pass `VAR=`). Error
 * messages name the variable, never its value: several values are credentials.
 */
export function loadNotifyConfig(env: Record<string, unknown> = process.env): NotifyConfig {
  const keys = Object.keys(notifyConfigSchema.shape);
  const cleaned = Object.fromEntries(Object.entries(env).filter(([k, v]) => keys.includes(k) && v !== undefined && v !== ''));
  const result = notifyConfigSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.code === 'invalid_format' ? 'not a valid URL' : i.message}`);
    throw new NotifyConfigError(`invalid notifier configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
