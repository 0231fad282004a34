import { sqsBatchHandler } from '../platform/queue/sqs-batch-handler.ts';
import type { SectionConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { deliverNotification, NotifyRetryLaterError, type NotifierDeps } from './deliver-notification.ts';

/**
 * The notifier as an SQS batch handler with partial batch responses (Powertools Batch), used as is
 * by the notifier Lambda and the local queue poller. Logs carry masked recipients only.
 */
export function createNotifyHandler(
  o: Pick<NotifierDeps, 'notifications' | 'shipments' | 'channels' | 'now'> & { logger: Logger; config: SectionConfig<'notifications'> },
  opts: { lockSeconds?: number } = {},
) {
  const deps: NotifierDeps = {
    notifications: o.notifications,
    shipments: o.shipments,
    channels: o.channels,
    remedy: { 'zh-CN': o.config.NOTIFY_REMEDY_ZH_CN, en: o.config.NOTIFY_REMEDY_EN },
    logger: o.logger,
    now: o.now,
    // Longer than the webhook's worst case (attempts × timeout + backoff), shorter than the visibility timeout.
    lockSeconds: opts.lockSeconds ?? Math.ceil((o.config.NOTIFY_WEBHOOK_ATTEMPTS * o.config.NOTIFY_WEBHOOK_TIMEOUT_MS) / 1000) + 30,
  };
  return sqsBatchHandler({ name: 'notify', logger: o.logger, handleRecord: (body) => deliverNotification(body, deps), isExpected: (e) => e instanceof NotifyRetryLaterError });
}
