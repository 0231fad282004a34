import type { SQSClient } from '@aws-sdk/client-sqs';
import type { LogisticsView } from '../http/operator-deps.ts';
import type { NotificationReader } from '../notifications/notification-reader.ts';
import type { NotifyMessage } from '../notifications/notification-types.ts';
import { conflict, notFound } from '../platform/errors.ts';
import { SqsQueue } from '../platform/queue/sqs-queue.ts';

/**
 * "Retry a failed notification" (the API's POST /incidents/:id/notifications/:orderId/retry and the
 * desk's incident page): queue the same message the batch fan-out sends. The notifier's claim accepts a
 * failed record, so a double click sends at most once more (the second claim finds it sending or sent).
 */
export function notificationRetry(o: { notifications: Pick<NotificationReader, 'get'>; sqs: SQSClient; notifyQueueUrl?: string }): LogisticsView['retryNotification'] {
  return async (incidentId, orderId) => {
    const record = await o.notifications.get(incidentId, orderId);
    if (!record) throw notFound('notification_not_found', 'no notification for that incident and order');
    if (record.status !== 'failed') throw conflict('notification_not_failed', `only a failed notification is retried; this one is ${record.status === 'sending' ? 'queued' : record.status}`);
    if (!o.notifyQueueUrl) throw conflict('notify_queue_unknown', 'this function has no notify queue configured (NOTIFY_QUEUE_URL)');
    await new SqsQueue<NotifyMessage>(o.sqs, o.notifyQueueUrl).send({ v: 1, notificationId: record.id, incidentId, orderId });
    return { notificationId: record.id, queued: true };
  };
}
