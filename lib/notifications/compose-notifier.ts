import { SESv2Client } from '@aws-sdk/client-sesv2';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createAliyunSmsClient } from './channels/aliyun-sms-channel.ts';
import { mainlandChinaMobile, toE164 } from './channels/phone.ts';
import type { ChannelAvailability } from './channel-choice.ts';
import type { NotifyClients } from './notification-channels.ts';
import type { NotifyConfig } from './notify-config.ts';

/**
 * The rule both sides share: a channel's client exists exactly when its settings do.
 *   e-mail      NOTIFY_EMAIL_FROM (a verified SES identity)
 *   AWS SMS     NOTIFY_SMS_ORIGINATION_IDENTITY (a phone number, sender id or pool)
 *   Aliyun SMS  ALIYUN_SMS_ACCESS_KEY_ID + _SECRET + SIGN_NAME + TEMPLATE_CODE
 *   webhook     NOTIFY_WEBHOOK_URL (+ its secret)
 * The notifier builds the clients (`notifyClientsFor`); the scanner, which picks each order's
 * channel when it fans out, needs only `channelAvailability` and so holds no channel client.
 */
export function notifyClientsFor(config: NotifyConfig, o: { endpoint?: string } = {}): NotifyClients {
  // One attempt inside the SDK beyond the first, short timeouts: the queue is the retry mechanism.
  const sdk = { region: config.AWS_REGION, maxAttempts: 2, requestHandler: new NodeHttpHandler({ connectionTimeout: 2000, requestTimeout: 5000 }), ...(o.endpoint ? { endpoint: o.endpoint } : {}) };
  return {
    ses: config.NOTIFY_EMAIL_FROM ? new SESv2Client(sdk) : undefined,
    smsVoice: config.NOTIFY_SMS_ORIGINATION_IDENTITY ? new PinpointSMSVoiceV2Client(sdk) : undefined,
    aliyunSms: aliyunConfigured(config)
      ? createAliyunSmsClient({ accessKeyId: config.ALIYUN_SMS_ACCESS_KEY_ID!, accessKeySecret: config.ALIYUN_SMS_ACCESS_KEY_SECRET!, endpoint: config.ALIYUN_SMS_ENDPOINT, timeoutMs: config.ALIYUN_SMS_TIMEOUT_MS })
      : undefined,
  };
}

const aliyunConfigured = (c: NotifyConfig) => !!(c.ALIYUN_SMS_ACCESS_KEY_ID && c.ALIYUN_SMS_ACCESS_KEY_SECRET && c.ALIYUN_SMS_SIGN_NAME && c.ALIYUN_SMS_TEMPLATE_CODE);

/** What `createCustomerChannels(config, notifyClientsFor(config)).available` says, from the settings alone. */
export function channelAvailability(config: NotifyConfig): ChannelAvailability {
  const mainland = aliyunConfigured(config);
  const international = !!config.NOTIFY_SMS_ORIGINATION_IDENTITY;
  const sms = mainland || international;
  return {
    webhook: !!config.NOTIFY_WEBHOOK_URL,
    email: !!config.NOTIFY_EMAIL_FROM,
    sms,
    outbox: config.STAGE === 'local',
    smsReaches: sms
      ? (phone) => (mainlandChinaMobile(phone) ? mainland || (international && config.NOTIFY_SMS_AWS_MAINLAND_CHINA) : international && !!toE164(phone))
      : undefined,
  };
}
