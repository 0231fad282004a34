import { SESv2Client } from '@aws-sdk/client-sesv2';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createAliyunSmsClient } from './channels/aliyun-sms-channel.ts';
import { aliyunConfigured } from './channel-availability.ts';
import type { NotifyClients } from './notification-channels.ts';
import type { NotifyConfig } from './notify-config.ts';

/**
 * The rule both sides share: a channel's client exists exactly when its settings do.
 *   e-mail      NOTIFY_EMAIL_FROM (a verified SES identity)
 *   AWS SMS     NOTIFY_SMS_ORIGINATION_IDENTITY (a phone number, sender id or pool)
 *   Aliyun SMS  ALIYUN_SMS_ACCESS_KEY_ID + _SECRET + SIGN_NAME + TEMPLATE_CODE
 *   webhook     NOTIFY_WEBHOOK_URL (+ its secret)
 * The notifier builds the clients (`notifyClientsFor`); the scanner, which picks each order's
 * channel when it fans out, needs only `channelAvailability` (channel-availability.ts) and so
 * bundles no channel client.
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


