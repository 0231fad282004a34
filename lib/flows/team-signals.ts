import type { ComplaintSignals } from '../complaints/complaint-service.ts';
import type { SlaClock } from '../complaints/domain/vocabulary.ts';
import type { StallAlert } from '../logistics/alert-types.ts';
import { ROBOT_NAMES } from '../notifications/robot-names.ts';
import type { TeamAlert } from '../notifications/robots/team-alert.ts';
import type { TeamAlertMessage } from '../notifications/robots/team-alert-delivery.ts';
import type { Logger } from '../platform/logger.ts';
import type { MessageQueue } from '../platform/queue/sqs-queue.ts';

/**
 * Where the team hears about it: each signal becomes one notify-queue message per robot kind. The
 * emitter knows no robot's URL or secret (those stay with the notifier); the notifier sends to the
 * robots it has configured, skips the others, and deduplicates per alert id and robot, so a signal
 * raised twice (a retried event, a rerun scan) reaches each group once. The queue's retries and
 * DLQ stand between a failing robot and ingestion: emitting never waits on a robot.
 */
const CLOCK_NAMES: Record<SlaClock, Extract<TeamAlert, { kind: 'sla_breach' }>['clock']> = {
  first_response: 'first_response',
  review: 'review',
  resolution: 'resolution',
  followUp: 'follow_up',
};

export interface TeamSignals extends ComplaintSignals {
  onStallOpened(alert: StallAlert, batchSize: number): Promise<void>;
}

export function teamSignals(queue: Pick<MessageQueue<TeamAlertMessage>, 'sendMany'>, logger: Logger, now: () => Date): TeamSignals {
  const emit = async (alert: TeamAlert) => {
    await queue.sendMany(ROBOT_NAMES.map((robot) => ({ v: 1 as const, type: 'team_alert' as const, robot, alert })));
    logger.info('team alert queued', { kind: alert.kind, alertId: alert.id });
  };
  const at = () => now().toISOString();
  return {
    onUrgentOpened: ({ complaint, callBy }) =>
      emit({
        kind: 'urgent_complaint',
        id: `urgent:${complaint.id}`,
        occurredAt: at(),
        complaintId: complaint.id,
        orderId: complaint.orderId,
        callBy,
        category: complaint.category,
        reason: complaint.reason?.slice(0, 200),
        amount: complaint.amount,
      }),
    onBreach: (b) =>
      emit({ kind: 'sla_breach', id: `breach:${b.complaintId}:${b.clock}`, occurredAt: at(), complaintId: b.complaintId, orderId: b.orderId, tier: b.tier, clock: CLOCK_NAMES[b.clock], dueAt: b.dueAt ?? at() }),
    onQualityAlert: (q) => emit({ kind: 'quality', id: q.id, occurredAt: q.detectedAt, sku: q.sku, batchId: q.batchId, category: q.category, count: q.count, windowDays: q.windowDays }),
    onStallOpened: (a, batchSize) =>
      emit({
        kind: 'stall',
        id: a.id,
        occurredAt: a.detectedAt,
        orderId: a.orderId,
        carrier: a.carrier,
        trackingNumber: a.trackingNumber,
        hoursWithoutUpdate: a.hoursWithoutUpdate,
        batchId: a.batchId,
        batchSize,
        incidentId: a.incidentId,
      }),
  };
}
