import { sqsBatchHandler } from '../platform/queue/sqs-batch-handler.ts';
import type { Runtime } from '../runtime.ts';
import { deliverNotification, NotifyRetryLaterError, type NotifierDeps } from './deliver-notification.ts';

/**
 * The notifier as an SQS batch handler with partial batch responses (Powertools Batch), used as is
 * by the notifier Lambda and the local queue poller. Logs carry masked recipients only.
 */
export function createNotifyHandler(rt: Pick<Runtime, 'stall' | 'notifyChannels' | 'config' | 'logger' | 'now'>, opts: { lockSeconds?: number } = {}) {
  const deps: NotifierDeps = {
    notifications: rt.stall.notifications,
    shipments: rt.stall.shipments,
    channels: rt.notifyChannels.byName,
    remedy: { 'zh-CN': rt.config.NOTIFY_REMEDY_ZH_CN, en: rt.config.NOTIFY_REMEDY_EN },
    logger: rt.logger,
    now: rt.now,
    // Longer than the webhook's worst case (attempts × timeout + backoff), shorter than the visibility timeout.
    lockSeconds: opts.lockSeconds ?? Math.ceil((rt.config.NOTIFY_WEBHOOK_ATTEMPTS * rt.config.NOTIFY_WEBHOOK_TIMEOUT_MS) / 1000) + 30,
  };
  return sqsBatchHandler({ name: 'notify', logger: rt.logger, handleRecord: (body) => deliverNotification(body, deps), isExpected: (e) => e instanceof NotifyRetryLaterError });
}
