import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { ComplaintDeskService } from '../complaints/complaint-desk-service.ts';
import { ComplaintDeskStore } from '../complaints/complaint-desk-store.ts';
import type { ApiDeps, DeliveryAudit, ScanTrigger } from '../http/operator-deps.ts';
import { dependencyProbe } from '../http/health-routes.ts';
import { RawEventStore } from '../intake/raw-event-store.ts';
import { auditReaderFromConfig } from '../intake/audit/compose-audit.ts';
import { AlertStore } from '../logistics/alert-store.ts';
import { NotificationReader } from '../notifications/notification-reader.ts';
import type { SectionConfig, SliceConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { queueName } from '../platform/table/definitions.ts';
import { notificationRetry } from './notification-retry.ts';
import { operatorAccess } from './operator-access.ts';
import { complaintDesk } from './operator-desk.ts';

export type OperatorConfig = Pick<SliceConfig<'operator-api'>, 'STAGE' | 'AWS_REGION' | 'TABLE_NAME' | 'RAW_EVENT_TTL_DAYS' | 'AUDIT_BUCKET' | 'AUDIT_DIR' | 'API_TOKEN' | 'CARRIER_DELAY_HOURS' | 'CARRIER_DELAY_COMPENSATION_CNY'> & SectionConfig<'complaints'>;

/**
 * The JSON read/operate API's parts (`operator-api`): the complaint engine for PATCH, read views, the
 * audit reader, quarantine replay (run where the adapters are), the scan trigger. The desk's are
 * lib/flows/compose-desk.ts.
 */
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
}): ApiDeps {
  const table = o.config.TABLE_NAME;
  const records = new RawEventStore(o.ddb, table, { ttlDays: o.config.RAW_EVENT_TTL_DAYS });
  const notifications = new NotificationReader(o.ddb, table);
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
      retryNotification: notificationRetry({ notifications, sqs: o.sqs, notifyQueueUrl: notifyQueueOf(o) }),
    },
    operators: operatorAccess({ ddb: o.ddb, tableName: table, now: o.now, stage: o.config.STAGE, sessionTtlSeconds: o.sessionTtlSeconds }),
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
