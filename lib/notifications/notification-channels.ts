import type { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { ChannelAvailability } from './channel-choice.ts';
import { AliyunSmsChannel, type AliyunSmsClient } from './channels/aliyun-sms-channel.ts';
import { AwsSmsChannel } from './channels/aws-sms-channel.ts';
import type { NotificationChannel } from './channels/notification-channel.ts';
import { outboxChannel } from './channels/outbox-channel.ts';
import { SesEmailChannel } from './channels/ses-email-channel.ts';
import { SmsRouter } from './channels/sms-router.ts';
import { WebhookChannel } from './channels/webhook-channel.ts';
import type { ChannelName } from './notification-types.ts';
import { NotifyConfigError, type NotifyConfig } from './notify-config.ts';
import { DingtalkRobot } from './robots/dingtalk.ts';
import { FeishuRobot } from './robots/feishu.ts';
import type { TeamRobot } from './robots/robot.ts';
import { SlackRobot } from './robots/slack.ts';
import { WecomRobot } from './robots/wecom.ts';

/**
 * SDK clients of the customer channels, built by the composition root (Lambda module scope, the
 * local server, a test pointing them at emulators). A channel whose client is absent is not offered.
 */
export interface NotifyClients {
  /** `new SESv2Client({...})`: the e-mail channel (with NOTIFY_EMAIL_FROM). */
  ses?: SESv2Client;
  /** `new PinpointSMSVoiceV2Client({...})`: SMS through AWS End User Messaging SMS. */
  smsVoice?: PinpointSMSVoiceV2Client;
  /** `createAliyunSmsClient({...})`: SMS to mainland-China numbers (with sign name + template code). */
  aliyunSms?: AliyunSmsClient;
  /** For the merchant webhook; tests inject one. */
  fetch?: typeof fetch;
}

export interface NotificationChannels {
  byName: Partial<Record<ChannelName, NotificationChannel>>;
  available: ChannelAvailability;
  /** What is not configured and why: for a start-up log line and the CDK synth warning. */
  missing: string[];
}

/**
 * The customer channels this process can deliver through, from the notifier's config and the
 * injected clients. The scanner uses `available` to pick a channel per notification; the notifier
 * uses `byName`. Both come from the same config, so they agree. Credentials deployed come from the
 * notify secret: pass `await withNotifySecrets(config, source)` (notify-secrets.ts).
 */
export function createCustomerChannels(config: NotifyConfig, clients: NotifyClients = {}): NotificationChannels {
  const byName: NotificationChannels['byName'] = {};
  const missing: string[] = [];

  if (config.NOTIFY_WEBHOOK_URL) {
    if (!config.NOTIFY_WEBHOOK_SECRET) throw new NotifyConfigError('NOTIFY_WEBHOOK_SECRET is required when NOTIFY_WEBHOOK_URL is set (outbound notifications are signed)');
    byName.webhook = new WebhookChannel({
      url: config.NOTIFY_WEBHOOK_URL,
      secret: config.NOTIFY_WEBHOOK_SECRET,
      timeoutMs: config.NOTIFY_WEBHOOK_TIMEOUT_MS,
      attempts: config.NOTIFY_WEBHOOK_ATTEMPTS,
      fetch: clients.fetch,
    });
  } else missing.push('merchant webhook: NOTIFY_WEBHOOK_URL + NOTIFY_WEBHOOK_SECRET');

  if (clients.ses && config.NOTIFY_EMAIL_FROM) {
    byName.email = new SesEmailChannel(clients.ses, { from: config.NOTIFY_EMAIL_FROM, configurationSet: config.NOTIFY_SES_CONFIGURATION_SET });
  } else missing.push(`e-mail: ${!config.NOTIFY_EMAIL_FROM ? 'NOTIFY_EMAIL_FROM' : 'an SES client'}`);

  const aliyunSettings = [
    ['ALIYUN_SMS_SIGN_NAME', config.ALIYUN_SMS_SIGN_NAME],
    ['ALIYUN_SMS_TEMPLATE_CODE', config.ALIYUN_SMS_TEMPLATE_CODE],
  ] as const;
  const aliyunMissing = aliyunSettings.filter(([, v]) => !v).map(([k]) => k);
  const mainlandChina =
    clients.aliyunSms && aliyunMissing.length === 0
      ? new AliyunSmsChannel(clients.aliyunSms, { signName: config.ALIYUN_SMS_SIGN_NAME!, templateCode: config.ALIYUN_SMS_TEMPLATE_CODE! })
      : undefined;
  if (!mainlandChina) missing.push(`SMS to mainland China (Alibaba Cloud): ${clients.aliyunSms ? aliyunMissing.join(' + ') : 'ALIYUN_SMS_ACCESS_KEY_ID + ALIYUN_SMS_ACCESS_KEY_SECRET (client)'}`);
  const international = clients.smsVoice
    ? new AwsSmsChannel(clients.smsVoice, { originationIdentity: config.NOTIFY_SMS_ORIGINATION_IDENTITY, configurationSet: config.NOTIFY_SMS_CONFIGURATION_SET })
    : undefined;
  if (!international) missing.push('SMS (AWS End User Messaging): a PinpointSMSVoiceV2 client');
  const sms = mainlandChina || international ? new SmsRouter({ mainlandChina, international, internationalServesMainland: config.NOTIFY_SMS_AWS_MAINLAND_CHINA }) : undefined;
  if (sms) byName.sms = sms;

  // Never deployed: a "sent" that reached nobody would hide a missing channel.
  if (config.STAGE === 'local') byName.outbox = outboxChannel;
  return {
    byName,
    available: {
      webhook: !!byName.webhook,
      sms: !!sms,
      email: !!byName.email,
      outbox: !!byName.outbox,
      smsReaches: sms ? (phone) => sms.reaches(phone) : undefined,
    },
    missing,
  };
}

/**
 * The team alert robots configured (ALERT_*). A signed robot without its secret is refused at
 * start: DingTalk 加签 and Feishu 签名校验 robots reject unsigned messages, so the alerts would
 * only ever fail. Errors name the variables, never their values.
 */
export function createTeamRobots(config: NotifyConfig, fetchImpl?: typeof fetch, now?: () => Date): TeamRobot[] {
  const base = { timeoutMs: config.ALERT_TIMEOUT_MS, locale: config.ALERT_LOCALE ?? config.DEFAULT_LOCALE, fetch: fetchImpl, now };
  const robots: TeamRobot[] = [];
  if (config.ALERT_WECOM_URL) robots.push(new WecomRobot({ ...base, url: config.ALERT_WECOM_URL }));
  if (config.ALERT_DINGTALK_URL) {
    if (!config.ALERT_DINGTALK_SECRET) throw new NotifyConfigError('ALERT_DINGTALK_SECRET is required with ALERT_DINGTALK_URL (加签 mode)');
    robots.push(new DingtalkRobot({ ...base, url: config.ALERT_DINGTALK_URL, secret: config.ALERT_DINGTALK_SECRET }));
  }
  if (config.ALERT_FEISHU_URL) {
    if (!config.ALERT_FEISHU_SECRET) throw new NotifyConfigError('ALERT_FEISHU_SECRET is required with ALERT_FEISHU_URL (签名校验)');
    robots.push(new FeishuRobot({ ...base, url: config.ALERT_FEISHU_URL, secret: config.ALERT_FEISHU_SECRET }));
  }
  if (config.ALERT_SLACK_URL) robots.push(new SlackRobot({ ...base, url: config.ALERT_SLACK_URL }));
  return robots;
}
