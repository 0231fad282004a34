import { Annotations, Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

/**
 * The notifier's sending rights, from the channel settings: SES SendEmail on the sender's identity
 * (and configuration set), End User Messaging SendTextMessage on the origination identity. A
 * channel that is not configured gets no right at all.
 */
export function grantNotifyChannels(scope: Construct, notifier: IFunction, settings: Record<string, string>): void {
  const { region, account, partition } = Stack.of(scope);
  const from = settings.NOTIFY_EMAIL_FROM;
  if (from) {
    const domain = from.replace(/^.*</, '').replace(/>.*$/, '').split('@')[1] ?? from;
    const resources = [`arn:${partition}:ses:${region}:${account}:identity/${domain}`, `arn:${partition}:ses:${region}:${account}:identity/${from.replace(/^.*</, '').replace(/>.*$/, '')}`];
    if (settings.NOTIFY_SES_CONFIGURATION_SET) resources.push(`arn:${partition}:ses:${region}:${account}:configuration-set/${settings.NOTIFY_SES_CONFIGURATION_SET}`);
    notifier.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['ses:SendEmail'], resources }));
  }
  const identity = settings.NOTIFY_SMS_ORIGINATION_IDENTITY;
  if (identity) {
    // SendTextMessage authorizes on the origination identity: a phone number or pool id, or any
    // identity's ARN (a sender id's ARN names its country, so give sender ids as ARNs).
    const resources = identity.startsWith('arn:')
      ? [identity]
      : [`arn:${partition}:sms-voice:${region}:${account}:phone-number/${identity}`, `arn:${partition}:sms-voice:${region}:${account}:pool/${identity}`];
    notifier.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['sms-voice:SendTextMessage'], resources }));
  }
}

/**
 * Nobody should deploy a notifier that can reach no customer unknowingly: every warning would end
 * `skipped`. Synthesis prints a warning naming the settings that would turn a channel on.
 */
export function warnWithoutNotifyChannel(scope: Construct, props: { settings?: Record<string, string>; notifyWebhookInSecret?: boolean }): void {
  const s = props.settings ?? {};
  const configured = props.notifyWebhookInSecret || s.NOTIFY_WEBHOOK_URL || s.NOTIFY_EMAIL_FROM || s.NOTIFY_SMS_ORIGINATION_IDENTITY || (s.ALIYUN_SMS_SIGN_NAME && s.ALIYUN_SMS_TEMPLATE_CODE);
  if (configured) return;
  Annotations.of(scope).addWarningV2(
    'aftersales:no-notification-channel',
    'No customer notification channel is configured: proactive delay warnings will all end "skipped". Set one of: ' +
      'settings NOTIFY_EMAIL_FROM (SES e-mail), NOTIFY_SMS_ORIGINATION_IDENTITY (AWS SMS), ALIYUN_SMS_SIGN_NAME + ALIYUN_SMS_TEMPLATE_CODE ' +
      '(Alibaba Cloud SMS; AccessKey in the notify secret), or -c notifyWebhookInSecret=true with NOTIFY_WEBHOOK_URL + NOTIFY_WEBHOOK_SECRET in the notify secret.',
  );
}
