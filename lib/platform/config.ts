import * as z from 'zod';

/**
 * Every setting the service reads, validated once at start. A bad value fails fast with the
 * variable's name instead of surfacing later as a confusing runtime error.
 * The README's configuration table mirrors this schema.
 */
const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);
const num = (def: number, min = 0) => z.coerce.number().min(min).default(def);

/** `a=1,b=2` → `{a:1,b:2}` */
const numberMap = (def: string) =>
  z
    .string()
    .default(def)
    .transform((s, ctx) => {
      const out: Record<string, number> = {};
      for (const pair of s.split(',').map((p) => p.trim()).filter(Boolean)) {
        const [k, v] = pair.split('=');
        const n = Number(v);
        if (!k || v === undefined || !Number.isFinite(n)) {
          ctx.addIssue({ code: 'custom', message: `expected key=number pairs, got "${pair}"` });
          return z.NEVER;
        }
        out[k.trim()] = n;
      }
      return out;
    });

const list = (def: string) =>
  z
    .string()
    .default(def)
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

export const configSchema = z.object({
  PORT: int(3000, 0),
  AWS_REGION: z.string().default('us-east-1'),
  STAGE: z.string().default('local'),
  TABLE_NAME: z.string().min(3).default('aftersales-hub'),
  INGEST_QUEUE_URL: z.string().optional(),
  NOTIFY_QUEUE_URL: z.string().optional(),
  DYNAMODB_ENDPOINT: z.string().url().optional(),
  SQS_ENDPOINT: z.string().url().optional(),
  API_TOKEN: z.string().min(1).optional(),
  /** Deployed: name or ARN of the Secrets Manager secret holding provider secrets. */
  WEBHOOK_SECRETS_ID: z.string().optional(),
  BODY_LIMIT_BYTES: int(256 * 1024, 1024),
  SIGNATURE_TOLERANCE_SECONDS: int(300, 1),
  /** Raw events (and with them the dedup window) are kept this long; never under 72 h. */
  RAW_EVENT_TTL_DAYS: num(30, 3),
  STALL_THRESHOLD_HOURS: num(48, 1),
  STALL_TAG_THRESHOLDS: numberMap('perishable=24,fresh=24,flowers=24'),
  STALL_SCAN_INTERVAL_SECONDS: int(300, 1),
  NOTIFY_WEBHOOK_URL: z.string().url().optional(),
  NOTIFY_WEBHOOK_SECRET: z.string().optional(),
  /** Per attempt; the notifier tries NOTIFY_WEBHOOK_ATTEMPTS times with backoff before the queue retries. */
  NOTIFY_WEBHOOK_TIMEOUT_MS: int(5000, 100),
  NOTIFY_WEBHOOK_ATTEMPTS: int(3, 1),
  /** Sender of the e-mail channel (SES); e-mail is offered only when set and an SES client is wired. */
  NOTIFY_EMAIL_FROM: z.string().optional(),
  /** The "what we do" line of the proactive delay warning, per locale (domain §4: coupon, upgrade). */
  NOTIFY_REMEDY_ZH_CN: z.string().max(500).default('作为补偿，我们已为您的账户发放一张 50 元优惠券。'),
  NOTIFY_REMEDY_EN: z.string().max(500).default('To make up for it, we have added a 50 CNY coupon to your account.'),
  DEFAULT_LOCALE: z.enum(['zh-CN', 'en']).default('zh-CN'),
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
  SLA_CHECK_INTERVAL_SECONDS: int(60, 1),
  CARRIER_DELAY_HOURS: num(24),
  CARRIER_DELAY_COMPENSATION_CNY: num(50),
  /** Local stack only: queue visibility timeout and max receives (deployed values come from the CDK stack). */
  LOCAL_QUEUE_VISIBILITY_SECONDS: z.coerce.number().int().min(0).optional(),
  LOCAL_QUEUE_MAX_RECEIVE_COUNT: z.coerce.number().int().min(1).optional(),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT', 'debug', 'info', 'warn', 'error', 'silent']).default('INFO'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset": shells and CDK often pass VAR= for optional values.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
