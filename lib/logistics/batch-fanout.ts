import type { NotifyMessage } from '../notifications/notification-types.ts';
import { notificationFor, ordersToNotify } from './fanout-rules.ts';
import { forEachLimited } from '../platform/for-each-limited.ts';
import type { StallDeps } from './stall-deps.ts';

/** SendMessageBatch takes at most 10 entries: one chunk of orders = one SQS request. */
const SQS_BATCH = 10;

export interface FanoutCounters {
  batchItemsRead: number;
  notificationsCreated: number;
  notificationsSkipped: number;
  notificationsEnqueued: number;
}

/**
 * Warns every not-yet-delivered order of the batch about the incident: ONE Query for the batch's
 * shipments (gsi4), then per chunk of 10 orders: conditional puts of the notification records,
 * one SendMessageBatch for the queued ones, then mark them enqueued.
 *
 *   put ×10 ──▶ SendMessageBatch ──▶ mark enqueued ×10
 *        crash here: a rerun's puts find the records queued and not enqueued → sent again
 *                                   crash here: same; the notifier's claim makes the second delivery a no-op
 *
 * So every order gets exactly one record per incident, and at least one queue message until one
 * is acknowledged; the notifier turns that into exactly one delivery.
 */
/** Returns how many orders of the batch are warned (the batch size the team hears). */
export async function fanOutIncident(incident: { incidentId: string; batchId: string }, deps: StallDeps, now: Date, counters: FanoutCounters): Promise<number> {
  const members = await deps.shipments.batchMembers(incident.batchId);
  counters.batchItemsRead += members.scanned;
  const orders = ordersToNotify(members.items);
  const chunks: (typeof orders)[] = [];
  for (let i = 0; i < orders.length; i += SQS_BATCH) chunks.push(orders.slice(i, i + SQS_BATCH));
  const ctx = { ...incident, now, channels: deps.channels, defaultLocale: deps.defaultLocale };

  await forEachLimited(chunks, deps.concurrency, async (chunk) => {
    const results = await Promise.all(
      chunk.map(async (s) => {
        const record = notificationFor(s, ctx);
        const res = await deps.notifications.createIfAbsent(record);
        if (res.created) {
          counters.notificationsCreated++;
          if (record.status === 'skipped') counters.notificationsSkipped++;
        }
        const queued = res.created ? record.status === 'queued' : res.status === 'queued' && !res.enqueued;
        return queued ? record : undefined;
      }),
    );
    const toSend = results.filter((r) => r !== undefined);
    if (toSend.length === 0) return;
    const messages: NotifyMessage[] = toSend.map((r) => ({ v: 1, notificationId: r.id, incidentId: r.incidentId, orderId: r.orderId }));
    await deps.notifyQueue.sendMany(messages);
    await Promise.all(toSend.map((r) => deps.notifications.markEnqueued(r.incidentId, r.orderId, now)));
    counters.notificationsEnqueued += toSend.length;
  });
  return orders.length;
}
