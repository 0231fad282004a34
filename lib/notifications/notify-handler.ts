import { sqsBatchHandler } from '../platform/queue/sqs-batch-handler.ts';
import type { SectionConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import type { OutageGuard } from '../platform/queue/outage-guard.ts';
import { deliverNotification, NotifyRetryLaterError, type NotifierDeps } from './deliver-notification.ts';
import { RobotSendError } from './robots/robot.ts';
import { deliverTeamAlert, isTeamAlertMessage, type TeamAlertDeps } from './robots/team-alert-delivery.ts';

/**
 * The notifier as an SQS batch handler with partial batch responses (Powertools Batch), used as is
 * by the notifier Lambda and the local queue poller. Logs carry masked recipients only.
 * The notify queue carries two kinds of message: customer notifications (the record's key) and
 * team alerts (`type: "team_alert"`, one per robot), the latter only when `teamAlerts` is given.
 */
export function createNotifyHandler(
  o: Pick<NotifierDeps, 'notifications' | 'shipments' | 'channels' | 'now'> & { logger: Logger; config: SectionConfig<'notifications'> },
  opts: { lockSeconds?: number; teamAlerts?: TeamAlertDeps; guard?: OutageGuard } = {},
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
  const teamAlerts = opts.teamAlerts ?? { robots: [], ledger: { wasSent: async () => false, markSent: async () => undefined }, now: o.now };
  return sqsBatchHandler({
    name: 'notify',
    logger: o.logger,
    guard: opts.guard,
    handleRecord: (body): Promise<unknown> => (isTeamAlertMessage(safeJson(body)) ? deliverTeamAlert(body, teamAlerts) : deliverNotification(body, deps)),
    isExpected: (e) => e instanceof NotifyRetryLaterError || (e instanceof RobotSendError && e.retryable),
  });
}

const safeJson = (s: string): unknown => {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
};
