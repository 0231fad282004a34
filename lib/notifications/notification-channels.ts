import { ConfigError, type Config } from '../platform/config.ts';
import type { ChannelAvailability } from './channel-choice.ts';
import type { NotificationChannel } from './channels/notification-channel.ts';
import { outboxChannel } from './channels/outbox-channel.ts';
import { SesEmailChannel, type SesSendEmail } from './channels/ses-email-channel.ts';
import { SnsSmsChannel, type SnsPublish } from './channels/sns-sms-channel.ts';
import { WebhookChannel } from './channels/webhook-channel.ts';
import type { ChannelName } from './notification-types.ts';

/** SES / SNS calls for deployed e-mail and SMS; absent, those channels are not offered. */
export interface NotifyClients {
  sendEmail?: SesSendEmail;
  publishSms?: SnsPublish;
}

export interface NotificationChannels {
  byName: Partial<Record<ChannelName, NotificationChannel>>;
  available: ChannelAvailability;
}

/**
 * The channels this process can deliver through, from config and the injected clients. The
 * scanner uses `available` to pick a channel per notification; the notifier uses `byName`.
 * Both are built from the same config, so they agree.
 */
export function createNotificationChannels(
  config: Pick<Config, 'STAGE' | 'NOTIFY_WEBHOOK_URL' | 'NOTIFY_WEBHOOK_SECRET' | 'NOTIFY_WEBHOOK_TIMEOUT_MS' | 'NOTIFY_WEBHOOK_ATTEMPTS' | 'NOTIFY_EMAIL_FROM'>,
  clients: NotifyClients = {},
): NotificationChannels {
  const byName: NotificationChannels['byName'] = {};
  if (config.NOTIFY_WEBHOOK_URL) {
    if (!config.NOTIFY_WEBHOOK_SECRET) throw new ConfigError('NOTIFY_WEBHOOK_SECRET is required when NOTIFY_WEBHOOK_URL is set (outbound notifications are signed)');
    byName.webhook = new WebhookChannel({
      url: config.NOTIFY_WEBHOOK_URL,
      secret: config.NOTIFY_WEBHOOK_SECRET,
      timeoutMs: config.NOTIFY_WEBHOOK_TIMEOUT_MS,
      attempts: config.NOTIFY_WEBHOOK_ATTEMPTS,
    });
  }
  if (clients.publishSms) byName.sms = new SnsSmsChannel(clients.publishSms);
  if (clients.sendEmail && config.NOTIFY_EMAIL_FROM) byName.email = new SesEmailChannel(clients.sendEmail, config.NOTIFY_EMAIL_FROM);
  // Never deployed: a "sent" that reached nobody would hide a missing channel.
  if (config.STAGE === 'local') byName.outbox = outboxChannel;
  return {
    byName,
    available: { webhook: !!byName.webhook, sms: !!byName.sms, email: !!byName.email, outbox: !!byName.outbox },
  };
}
