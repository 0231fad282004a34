import * as z from 'zod/mini';
import '../zod-locale.ts';
import { boolish, int, optionalUrl } from './kinds.ts';

/** The notifier's channels and team robots (lib/notifications/notify-config.ts). Credentials may come from NOTIFY_SECRETS_ID instead. */
export const notificationSettings = {
  /** Deployed: Secrets Manager secret (JSON object) whose keys override the credential settings below. */
  NOTIFY_SECRETS_ID: z.optional(z.string().check(z.minLength(1))),

  // --- merchant webhook (Standard Webhooks signed POST to the shop's own messaging system)
  NOTIFY_WEBHOOK_URL: optionalUrl(),
  NOTIFY_WEBHOOK_SECRET: z.optional(z.string()),
  NOTIFY_WEBHOOK_TIMEOUT_MS: int(5000, 100),
  NOTIFY_WEBHOOK_ATTEMPTS: int(3, 1),

  // --- e-mail through SES v2 SendEmail
  /** Verified SES identity; e-mail is offered only when set and an SES client is wired. */
  NOTIFY_EMAIL_FROM: z.optional(z.string()),
  /** SES configuration set (event publishing, dedicated IPs); optional. */
  NOTIFY_SES_CONFIGURATION_SET: z.optional(z.string().check(z.minLength(1))),

  // --- SMS through AWS End User Messaging SMS SendTextMessage
  /** Origination identity: phone number, sender id, pool id or their ARNs. Unset: the account default. */
  NOTIFY_SMS_ORIGINATION_IDENTITY: z.optional(z.string().check(z.minLength(1))),
  /** AWS End User Messaging configuration set (delivery events); optional. */
  NOTIFY_SMS_CONFIGURATION_SET: z.optional(z.string().check(z.minLength(1))),
  /** Whether AWS SMS also serves mainland-China numbers when Alibaba Cloud SMS is not configured (needs a registered template route). */
  NOTIFY_SMS_AWS_MAINLAND_CHINA: boolish(false),

  // --- SMS through Alibaba Cloud SMS (dysmsapi 2017-05-25 SendSms) for mainland-China numbers
  ALIYUN_SMS_ACCESS_KEY_ID: z.optional(z.string().check(z.minLength(1))),
  ALIYUN_SMS_ACCESS_KEY_SECRET: z.optional(z.string().check(z.minLength(1))),
  /** 签名: the approved sign name shown as 【...】 in front of the text. */
  ALIYUN_SMS_SIGN_NAME: z.optional(z.string().check(z.minLength(1))),
  /** 模板: the approved template code of the delay warning (SMS_xxxxxxx). */
  ALIYUN_SMS_TEMPLATE_CODE: z.optional(z.string().check(z.minLength(1))),
  /** Host (optionally `host:port`) of the SMS API; `http://` prefix only for local endpoints. */
  ALIYUN_SMS_ENDPOINT: z._default(z.string().check(z.minLength(1)), 'dysmsapi.aliyuncs.com'),
  /** Per request; Alibaba Cloud advises ≥ 1 s for mainland SendSms (timeout mechanism doc). */
  ALIYUN_SMS_TIMEOUT_MS: int(5000, 500),

  // --- proactive delay warning text
  NOTIFY_REMEDY_ZH_CN: z._default(z.string().check(z.maxLength(500)), '作为补偿，我们已为您的账户发放一张 50 元优惠券。'),
  NOTIFY_REMEDY_EN: z._default(z.string().check(z.maxLength(500)), 'To make up for it, we have added a 50 CNY coupon to your account.'),

  // --- team alert robots (contract: each a full URL; the URL itself is a credential)
  ALERT_WECOM_URL: optionalUrl(),
  ALERT_DINGTALK_URL: optionalUrl(),
  /** 加签 secret (`SEC...`); required with ALERT_DINGTALK_URL: an unsigned robot accepts anyone's messages. */
  ALERT_DINGTALK_SECRET: z.optional(z.string().check(z.minLength(1))),
  ALERT_FEISHU_URL: optionalUrl(),
  /** 签名校验 secret; required with ALERT_FEISHU_URL. */
  ALERT_FEISHU_SECRET: z.optional(z.string().check(z.minLength(1))),
  ALERT_SLACK_URL: optionalUrl(),
  /** Per robot request. */
  ALERT_TIMEOUT_MS: int(5000, 100),
  /** Language of team alerts; defaults to DEFAULT_LOCALE. */
  ALERT_LOCALE: z.optional(z.enum(['zh-CN', 'en'])),
};
