import { mainlandChinaMobile, toE164 } from './channels/phone.ts';
import type { ChannelAvailability } from './channel-choice.ts';
import type { NotifyConfig } from './notify-config.ts';

/** Alibaba Cloud SMS needs all four: AccessKey pair, approved sign name and template. */
export const aliyunConfigured = (c: NotifyConfig) => !!(c.ALIYUN_SMS_ACCESS_KEY_ID && c.ALIYUN_SMS_ACCESS_KEY_SECRET && c.ALIYUN_SMS_SIGN_NAME && c.ALIYUN_SMS_TEMPLATE_CODE);

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
