import * as z from 'zod/mini';
import './zod-locale.ts';

/**
 * Every setting the service reads, validated once at start. A bad value fails fast with the
 * variable's name instead of surfacing later as a confusing runtime error.
 * The README's configuration table mirrors this schema.
 */
const int = (def: number, min = 0) => z._default(z.coerce.number().check(z.int(), z.minimum(min)), def);
const num = (def: number, min = 0) => z._default(z.coerce.number().check(z.minimum(min)), def);

/** `a=1,b=2` → `{a:1,b:2}` */
const numberMap = (def: string) =>
  z.pipe(
    z._default(z.string(), def),
    z.transform((s: string, ctx) => {
      const out: Record<string, number> = {};
      for (const pair of s.split(',').map((p) => p.trim()).filter(Boolean)) {
        const [k, v] = pair.split('=');
        const n = Number(v);
        if (!k || v === undefined || !Number.isFinite(n)) {
          // mini's transform context has no addIssue: the issue goes on the payload (what classic's addIssue does).
          ctx.issues.push({ code: 'custom', message: `expected key=number pairs, got "${pair}"`, input: s });
          return z.NEVER;
        }
        out[k.trim()] = n;
      }
      return out;
    }),
  );

const optionalUrl = () => z.optional(z.string().check(z.url()));
/** `true` / `false` from the environment; a boolean as is (a parsed config parses again unchanged). */
const boolish = (def: boolean) => z._default(z.union([z.boolean(), z.pipe(z.enum(['true', 'false']), z.transform((v) => v === 'true'))]), def);

const list = (def: string) =>
  z.pipe(
    z._default(z.string(), def),
    z.transform((s: string) => s.split(',').map((x) => x.trim()).filter(Boolean)),
  );

/**
 * The settings, by the part of the system that reads them. Each Lambda reads only its own slice
 * (`functionSlices` below): the CDK stack sets exactly those variables, and a test fails when one
 * a function requires is missing or one it never reads is set. The local server reads them all.
 */
export const sections = {
  platform: {
    AWS_REGION: z._default(z.string(), 'us-east-1'),
    STAGE: z._default(z.string(), 'local'),
    TABLE_NAME: z._default(z.string().check(z.minLength(3)), 'aftersales-hub'),
    DYNAMODB_ENDPOINT: z.optional(z.string().check(z.url())),
    SQS_ENDPOINT: z.optional(z.string().check(z.url())),
    LOG_LEVEL: z._default(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT', 'debug', 'info', 'warn', 'error', 'silent']), 'INFO'),
  },
  intake: {
    INGEST_QUEUE_URL: z.optional(z.string()),
    /** Deployed: name or ARN of the Secrets Manager secret holding provider secrets. */
    WEBHOOK_SECRETS_ID: z.optional(z.string()),
    BODY_LIMIT_BYTES: int(256 * 1024, 1024),
    SIGNATURE_TOLERANCE_SECONDS: int(300, 1),
    /** Raw events (and with them the dedup window) are kept this long; never under 72 h. */
    RAW_EVENT_TTL_DAYS: num(30, 3),
    /**
     * Deployed: the Kinesis Data Firehose delivery stream the ingest worker sends delivery bodies to
     * (batched into S3, kept RAW_EVENT_TTL_DAYS); the dedup record then stays small. Unset: AUDIT_DIR.
     */
    AUDIT_STREAM_NAME: z.optional(z.string()),
    /** Deployed: the S3 bucket that stream writes to (the operator API reads audit copies from it). */
    AUDIT_BUCKET: z.optional(z.string()),
    /** Local audit storage: `<AUDIT_DIR>/<yyyy-mm-dd>/<provider>/<deliveryId>.json`. Empty: bodies stay in the dedup record. */
    AUDIT_DIR: z._default(z.string(), '.data/audit'),
    /**
     * Deployed: PayPal's API host (https://api-m.paypal.com); each PayPal delivery is then confirmed
     * with PayPal's verify-webhook-signature API before it is acknowledged (the CRC32 in PayPal's
     * own signature scheme can be forged). Unset: offline verification only (local default).
     */
    PAYPAL_VERIFY_API_BASE: z.optional(z.string().check(z.url())),
  },
  complaints: {
    SUPPORT_TEAM: list(''),
    HIGH_VALUE_CNY: num(2000),
    FX_RATES_TO_CNY: numberMap('CNY=1,USD=7.1,EUR=7.7,GBP=9.0,HKD=0.91,JPY=0.047,CAD=5.2,AUD=4.7,SGD=5.3,CLP=0.0076'),
    SLA_URGENT_FIRST_RESPONSE_MINUTES: num(15),
    SLA_URGENT_RESOLUTION_HOURS: num(4),
    SLA_ROUTINE_FIRST_RESPONSE_MINUTES: num(60),
    SLA_ROUTINE_REVIEW_HOURS: num(24),
    SLA_ROUTINE_RESOLUTION_HOURS: num(48),
    SLA_DISPUTE_FIRST_RESPONSE_MINUTES: num(30),
    SLA_DISPUTE_RESOLUTION_HOURS: num(72),
    /** 回访: the follow-up call is due this many hours after a complaint completes. */
    SLA_FOLLOW_UP_HOURS: num(24),
    /** A provider time further than this in the future starts SLA clocks at receipt instead. */
    CLOCK_SKEW_MINUTES: num(5),
    /** Quality signal: this many complaints about one SKU / product batch within the window open one alert. */
    QUALITY_ALERT_THRESHOLD: int(3, 1),
    QUALITY_ALERT_WINDOW_DAYS: num(7, 0.01),
    QUALITY_ALERT_CATEGORIES: list('product_mismatch,usage'),
  },
  logistics: {
    STALL_THRESHOLD_HOURS: num(48, 1),
    STALL_TAG_THRESHOLDS: numberMap('perishable=24,fresh=24,flowers=24'),
    CARRIER_DELAY_HOURS: num(24),
    CARRIER_DELAY_COMPENSATION_CNY: num(50),
    NOTIFY_QUEUE_URL: z.optional(z.string()),
    DEFAULT_LOCALE: z._default(z.enum(['zh-CN', 'en']), 'zh-CN'),
  },
  /** The notifier's channels and team robots (lib/notifications/notify-config.ts). Credentials may come from NOTIFY_SECRETS_ID instead. */
  notifications: {
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
  },
  operator: {
    API_TOKEN: z.optional(z.string().check(z.minLength(1))),
    /** Deployed: the stall-scanner function `POST /stall-scan` hands the scan to (asynchronous invoke). */
    STALL_SCANNER_FUNCTION: z.optional(z.string()),
  },
  local: {
    PORT: int(3000, 0),
    STALL_SCAN_INTERVAL_SECONDS: int(300, 1),
    SLA_CHECK_INTERVAL_SECONDS: int(60, 1),
    /** Local stack only: queue visibility timeout and max receives (deployed values come from the CDK stack). */
    LOCAL_QUEUE_VISIBILITY_SECONDS: z.optional(z.coerce.number().check(z.int(), z.minimum(0))),
    LOCAL_QUEUE_MAX_RECEIVE_COUNT: z.optional(z.coerce.number().check(z.int(), z.minimum(1))),
  },
} as const;

/** Everything, for the local server (all roles in one process) and the README's table. */
export const configSchema = z.object({
  ...sections.platform,
  ...sections.intake,
  ...sections.complaints,
  ...sections.logistics,
  ...sections.notifications,
  ...sections.operator,
  ...sections.local,
});

export type Config = z.infer<typeof configSchema>;

export const pick = <T extends Record<string, z.ZodMiniType>, K extends keyof T>(shape: T, keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, shape[k]])) as Pick<T, K>;

/**
 * What each Lambda reads, and which of those it cannot start without when deployed (a local run
 * creates its own queues and falls back to documented local secrets, so nothing is required there).
 */
export const functionSlices = {
  'webhook-api': {
    schema: z.object({ ...sections.platform, ...sections.intake }),
    deployedRequires: ['TABLE_NAME', 'INGEST_QUEUE_URL', 'WEBHOOK_SECRETS_ID'],
  },
  'operator-api': {
    schema: z.object({
      ...sections.platform,
      ...pick(sections.intake, ['INGEST_QUEUE_URL', 'WEBHOOK_SECRETS_ID', 'RAW_EVENT_TTL_DAYS', 'AUDIT_BUCKET', 'AUDIT_DIR']),
      ...sections.complaints,
      // NOTIFY_QUEUE_URL: "retry a failed notification" re-queues its message.
      ...pick(sections.logistics, ['CARRIER_DELAY_HOURS', 'CARRIER_DELAY_COMPENSATION_CNY', 'NOTIFY_QUEUE_URL']),
      ...sections.operator,
    }),
    deployedRequires: ['TABLE_NAME', 'INGEST_QUEUE_URL', 'WEBHOOK_SECRETS_ID', 'STALL_SCANNER_FUNCTION'],
  },
  'ingest-worker': {
    schema: z.object({
      ...sections.platform,
      ...pick(sections.intake, ['RAW_EVENT_TTL_DAYS', 'AUDIT_STREAM_NAME', 'AUDIT_DIR']),
      ...sections.complaints,
      // NOTIFY_QUEUE_URL: urgent complaints and quality alerts go to the team robots through it.
      ...pick(sections.logistics, ['STALL_THRESHOLD_HOURS', 'STALL_TAG_THRESHOLDS', 'NOTIFY_QUEUE_URL']),
    }),
    deployedRequires: ['TABLE_NAME', 'NOTIFY_QUEUE_URL'],
  },
  'stall-scanner': {
    schema: z.object({
      ...sections.platform,
      ...sections.complaints,
      ...pick(sections.logistics, ['STALL_THRESHOLD_HOURS', 'STALL_TAG_THRESHOLDS', 'NOTIFY_QUEUE_URL', 'DEFAULT_LOCALE']),
      // The scanner picks each order's channel from the same settings the notifier sends with.
      ...sections.notifications,
    }),
    deployedRequires: ['TABLE_NAME', 'NOTIFY_QUEUE_URL'],
  },
  notifier: {
    schema: z.object({ ...sections.platform, ...sections.notifications, ...pick(sections.logistics, ['DEFAULT_LOCALE']) }),
    deployedRequires: ['TABLE_NAME'],
  },
} as const;

export type FunctionName = keyof typeof functionSlices;
/** The settings of one section (what a feature's composition reads). */
export type SectionConfig<S extends keyof typeof sections> = z.infer<z.ZodMiniObject<(typeof sections)[S]>>;
export type SliceConfig<F extends FunctionName> = z.infer<(typeof functionSlices)[F]['schema']>;

/**
 * One Lambda's settings. Deployed (any stage but `local`) the variables the stack must provide are
 * checked at cold start, so a missing one fails with its name instead of at the first request.
 */
export function loadFunctionConfig<F extends FunctionName>(name: F, env: Record<string, string | undefined> = process.env): SliceConfig<F> {
  const slice = functionSlices[name];
  const config = parseSettings(slice.schema, env) as SliceConfig<F>;
  if ((config as { STAGE: string }).STAGE !== 'local') {
    const missing = slice.deployedRequires.filter((k) => !env[k]);
    if (missing.length) throw new ConfigError(`invalid configuration for ${name}:\n${missing.map((k) => `  ${k}: required when deployed`).join('\n')}`);
  }
  return config;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Every setting (the local server, all roles in one process). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  return parseSettings(configSchema, env);
}

function parseSettings<S extends z.ZodMiniType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  // Empty strings mean "unset": shells and CDK often pass VAR= for optional values.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
