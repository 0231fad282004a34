import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { ComplaintDeskService } from '../complaints/complaint-desk-service.ts';
import { ComplaintDeskStore } from '../complaints/complaint-desk-store.ts';
import type { DeliveryAudit, OperatorDeps, ScanTrigger } from '../http/operator-deps.ts';
import { dependencyProbe } from '../http/health-routes.ts';
import { RawEventStore } from '../intake/raw-event-store.ts';
import { auditReaderFromConfig } from '../intake/audit/compose-audit.ts';
import { AlertStore } from '../logistics/alert-store.ts';
import { NotificationStore } from '../notifications/notification-store.ts';
import type { SectionConfig, SliceConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { SqsQueue } from '../platform/queue/sqs-queue.ts';
import { queueName } from '../platform/table/definitions.ts';
import { OperatorStore } from '../operators/operator-store.ts';
import { SessionStore } from '../operators/session-store.ts';
import type { NotifyMessage } from '../notifications/notification-types.ts';
import { conflict, notFound } from '../platform/errors.ts';
import { complaintDesk } from './operator-desk.ts';

export type OperatorConfig = Pick<SliceConfig<'operator-api'>, 'STAGE' | 'AWS_REGION' | 'TABLE_NAME' | 'RAW_EVENT_TTL_DAYS' | 'AUDIT_BUCKET' | 'AUDIT_DIR' | 'API_TOKEN' | 'CARRIER_DELAY_HOURS' | 'CARRIER_DELAY_COMPENSATION_CNY'> & SectionConfig<'complaints'>;

/** The read/operate API's parts: the complaint engine for PATCH, read views, quarantine replay (run where the adapters are). */
export function composeOperatorDeps(o: {
  dynamo: DynamoDBClient;
  ddb: DynamoDBDocumentClient;
  sqs: SQSClient;
  ingestQueueUrl: string;
  /** Queues /health checks besides the table (the local server checks both of its queues). */
  healthQueueUrls?: readonly string[];
  config: OperatorConfig;
  /**
   * Quarantine replay: deployed, a synchronous invoke of webhook-api, which holds the adapters and
   * provider secrets (lib/intake/replay-invoke.ts); locally `replayQuarantined` in process.
   */
  replay: DeliveryAudit['replay'];
  triggerScan: ScanTrigger;
  logger: Logger;
  now: () => Date;
  /** Where "retry a failed notification" queues its message (deployed: the stack's NOTIFY_QUEUE_URL). */
  notifyQueueUrl?: string;
  /** Browser session lifetime; default 12 h (one working shift). */
  sessionTtlSeconds?: number;
}): OperatorDeps {
  const table = o.config.TABLE_NAME;
  const records = new RawEventStore(o.ddb, table, { ttlDays: o.config.RAW_EVENT_TTL_DAYS });
  const notifications = new NotificationStore(o.ddb, table);
  const notifyQueueUrl = notifyQueueOf(o);
  return {
    logger: o.logger,
    now: o.now,
    apiToken: o.config.API_TOKEN,
    health: dependencyProbe({ table: { dynamo: o.dynamo, tableName: table }, sqs: o.sqs, queueUrls: o.healthQueueUrls ?? [o.ingestQueueUrl] }),
    complaints: complaintDesk(new ComplaintDeskService({ store: new ComplaintDeskStore(o.ddb, table), config: o.config, now: o.now, logger: o.logger })),
    logistics: {
      alerts: new AlertStore(o.ddb, table),
      notifications,
      carrierTerms: { agreedHours: o.config.CARRIER_DELAY_HOURS, compensationCny: o.config.CARRIER_DELAY_COMPENSATION_CNY },
      triggerScan: o.triggerScan,
      async retryNotification(incidentId, orderId) {
        const record = await notifications.get(incidentId, orderId);
        if (!record) throw notFound('notification_not_found', 'no notification for that incident and order');
        if (record.status !== 'failed') throw conflict('notification_not_failed', `only a failed notification is retried; this one is ${record.status === 'sending' ? 'queued' : record.status}`);
        if (!notifyQueueUrl) throw conflict('notify_queue_unknown', 'this function has no notify queue configured (NOTIFY_QUEUE_URL)');
        // The same message the batch fan-out sends; the notifier's claim accepts a failed record, so
        // a double click sends at most once more (the second claim finds it sending or sent).
        await new SqsQueue<NotifyMessage>(o.sqs, notifyQueueUrl).send({ v: 1, notificationId: record.id, incidentId, orderId });
        return { notificationId: record.id, queued: true };
      },
    },
    operators: {
      store: new OperatorStore(o.ddb, table, o.now),
      sessions: new SessionStore(o.ddb, table, o.now),
      sessionTtlSeconds: o.sessionTtlSeconds ?? 12 * 3600,
      openWhenEmpty: o.config.STAGE === 'local',
    },
    deliveries: { records, bodies: auditReaderFromConfig(o.config), replay: o.replay },
  };
}

/**
 * The notify queue: given explicitly, else the setting, else (local stack) the health-checked queue
 * that bootstrap named `<table>-notify`, so `npm start` needs no extra wiring in lib/local.
 */
function notifyQueueOf(o: { notifyQueueUrl?: string; config: { TABLE_NAME: string } & Partial<{ NOTIFY_QUEUE_URL: string }>; healthQueueUrls?: readonly string[] }) {
  const local = queueName(o.config.TABLE_NAME, 'notify');
  return o.notifyQueueUrl ?? o.config.NOTIFY_QUEUE_URL ?? o.healthQueueUrls?.find((u) => u.endsWith(`/${local}`));
}
