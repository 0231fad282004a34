import * as z from 'zod/mini';
import '../platform/zod-locale.ts';
import { pick, sections } from '../platform/config.ts';

/**
 * Every setting the notifier reads: customer channels (merchant webhook, SES e-mail, AWS and
 * Alibaba Cloud SMS) and team alert robots (contract §2 "Team alert robots"). The platform config
 * (lib/platform/config.ts, section `notifications`) defines the fields; this is the notifier's view.
 *
 * Values that are credentials (webhook secret, AccessKey secret, robot URLs with their keys and
 * signing secrets) may instead come from the Secrets Manager secret named by NOTIFY_SECRETS_ID
 * (see notify-secrets.ts): deployed, none of them sits in a Lambda environment variable.
 */
export const notifyConfigSchema = z.object({
  ...pick(sections.platform, ['STAGE', 'AWS_REGION']),
  ...pick(sections.logistics, ['DEFAULT_LOCALE']),
  ...sections.notifications,
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
