import type { NotificationChannel } from './notification-channel.ts';

/**
 * Local runs without a messaging endpoint: the message is recorded as sent to the outbox (the
 * notifier keeps the rendered text on the record) and visible through GET /notifications.
 */
export const outboxChannel: NotificationChannel = {
  async send() {
    return { ok: true, detail: 'outbox' };
  },
};
