import { describe, expect, it } from 'vitest';
import { chooseChannel, NO_CONTACT_CHANNEL, type ChannelAvailability } from '../../../lib/notifications/channel-choice.ts';
import { mainlandChinaMobile, toE164 } from '../../../lib/notifications/channels/phone.ts';
import { createAliyunSmsClient } from '../../../lib/notifications/channels/aliyun-sms-channel.ts';
import { createCustomerChannels, createTeamRobots } from '../../../lib/notifications/notification-channels.ts';
import { loadNotifyConfig, NotifyConfigError } from '../../../lib/notifications/notify-config.ts';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';

const none: ChannelAvailability = { webhook: false, sms: false, email: false, outbox: false };
const creds = { region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };

describe('phone numbers', () => {
  it('normalises to E.164 and recognises mainland-China mobiles', () => {
    expect(toE164('+86 138-0013-8000')).toBe('+8613800138000');
    expect(toE164('0086 13800138000')).toBe('+8613800138000');
    expect(toE164('13800138000')).toBe('+8613800138000');
    expect(toE164('+1 (206) 555-0100')).toBe('+12065550100');
    expect(toE164('2065550100')).toBeUndefined(); // no country code: never guessed
    expect(mainlandChinaMobile('+86 138 0013 8000')).toBe('13800138000');
    expect(mainlandChinaMobile('+852 5123 4567')).toBeUndefined();
    expect(mainlandChinaMobile('+86 10 6552 9988')).toBeUndefined(); // a Beijing landline takes no SMS
  });
});

describe('channel choice by contact and locale', () => {
  const all = { webhook: false, sms: true, email: true, outbox: true };

  it('an English-speaking customer with an e-mail is mailed; a Chinese one gets SMS', () => {
    expect(chooseChannel({ phone: '+8613800000000', email: 'a@b.cn', locale: 'zh-CN' }, all)).toEqual({ channel: 'sms' });
    expect(chooseChannel({ phone: '+12065550100', email: 'a@b.com', locale: 'en-US' }, all)).toEqual({ channel: 'email' });
    expect(chooseChannel({ phone: '+12065550100', locale: 'en-US' }, all)).toEqual({ channel: 'sms' });
  });

  it('skips SMS for a number no configured provider reaches', () => {
    const aliyunOnly = { ...none, sms: true, smsReaches: (p: string) => !!mainlandChinaMobile(p) };
    expect(chooseChannel({ phone: '+8613800000000' }, aliyunOnly)).toEqual({ channel: 'sms' });
    expect(chooseChannel({ phone: '+12065550100' }, aliyunOnly)).toEqual({ skip: NO_CONTACT_CHANNEL });
    expect(chooseChannel({ phone: '+12065550100', email: 'a@b.com' }, { ...aliyunOnly, email: true })).toEqual({ channel: 'email' });
  });
});

describe('notify config', () => {
  it('defaults, and names the bad variable without echoing its value', () => {
    const c = loadNotifyConfig({});
    expect(c).toMatchObject({ STAGE: 'local', NOTIFY_WEBHOOK_ATTEMPTS: 3, ALIYUN_SMS_ENDPOINT: 'dysmsapi.aliyuncs.com', ALERT_TIMEOUT_MS: 5000, NOTIFY_SMS_AWS_MAINLAND_CHINA: false });
    let err: unknown;
    try {
      loadNotifyConfig({ ALERT_SLACK_URL: 'hooks.slack.com/services/T0/B0/SECRETPART' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NotifyConfigError);
    expect(String(err)).toContain('ALERT_SLACK_URL');
    expect(String(err)).not.toContain('SECRETPART');
  });

  it('parses its own output unchanged (secrets are merged over a parsed config)', () => {
    const c = loadNotifyConfig({ NOTIFY_SMS_AWS_MAINLAND_CHINA: 'true', NOTIFY_WEBHOOK_TIMEOUT_MS: '800' });
    expect(loadNotifyConfig(c)).toEqual(c);
  });
});

describe('createCustomerChannels', () => {
  it('offers each channel only with its settings and client, and says what is missing', () => {
    const bare = createCustomerChannels(loadNotifyConfig({ STAGE: 'prod' }));
    expect(bare.available).toMatchObject({ webhook: false, sms: false, email: false, outbox: false });
    expect(bare.missing.join('\n')).toMatch(/NOTIFY_WEBHOOK_URL[\s\S]*NOTIFY_EMAIL_FROM[\s\S]*ALIYUN_SMS_ACCESS_KEY_ID/);

    const aliyunSms = createAliyunSmsClient({ accessKeyId: 'id', accessKeySecret: 'secret', endpoint: 'http://127.0.0.1:9' });
    const full = createCustomerChannels(
      loadNotifyConfig({ STAGE: 'prod', NOTIFY_EMAIL_FROM: 'shop@example.com', ALIYUN_SMS_SIGN_NAME: '某店', ALIYUN_SMS_TEMPLATE_CODE: 'SMS_1' }),
      { ses: new SESv2Client(creds), smsVoice: new PinpointSMSVoiceV2Client(creds), aliyunSms },
    );
    expect(full.available).toMatchObject({ sms: true, email: true, outbox: false });
    expect(full.available.smsReaches?.('+8613800000000')).toBe(true);
    expect(full.available.smsReaches?.('+12065550100')).toBe(true);
  });

  it('without a domestic provider, AWS takes mainland numbers only when allowed', () => {
    const c = (allow: string) => createCustomerChannels(loadNotifyConfig({ NOTIFY_SMS_AWS_MAINLAND_CHINA: allow }), { smsVoice: new PinpointSMSVoiceV2Client(creds) });
    expect(c('false').available.smsReaches?.('+8613800000000')).toBe(false);
    expect(c('true').available.smsReaches?.('+8613800000000')).toBe(true);
  });

  it('refuses a webhook URL without its signing secret', () => {
    expect(() => createCustomerChannels(loadNotifyConfig({ NOTIFY_WEBHOOK_URL: 'https://shop.example/notify' }))).toThrow(/NOTIFY_WEBHOOK_SECRET is required/);
  });
});

describe('createTeamRobots', () => {
  it('builds the robots configured, and refuses a signed robot without its secret', () => {
    const robots = createTeamRobots(
      loadNotifyConfig({
        ALERT_WECOM_URL: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k',
        ALERT_SLACK_URL: 'https://hooks.slack.com/services/T/B/X',
        ALERT_DINGTALK_URL: 'https://oapi.dingtalk.com/robot/send?access_token=t',
        ALERT_DINGTALK_SECRET: 'SECx',
      }),
    );
    expect(robots.map((r) => r.name)).toEqual(['wecom', 'dingtalk', 'slack']);
    expect(createTeamRobots(loadNotifyConfig({}))).toEqual([]);
    const attempt = () => createTeamRobots(loadNotifyConfig({ ALERT_FEISHU_URL: 'https://open.feishu.cn/open-apis/bot/v2/hook/hookid-secret' }));
    expect(attempt).toThrow(/ALERT_FEISHU_SECRET is required/);
    expect(attempt).not.toThrow(/hookid-secret/);
  });
});
