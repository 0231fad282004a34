import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
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
  const recordHandler = async (record: SQSRecord) => {
    try {
      const result = await deliverNotification(record.body, deps);
      rt.logger.info('notification', { messageId: record.messageId, ...result });
      return result;
    } catch (err) {
      rt.logger[err instanceof NotifyRetryLaterError ? 'info' : 'warn']('notification failed; will retry', {
        messageId: record.messageId,
        receiveCount: record.attributes?.ApproximateReceiveCount,
        error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
      });
      throw err;
    }
  };
  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(event, recordHandler, processor, { context: context as Context, throwOnFullBatchFailure: false });
  };
}
