import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { ComplaintService } from '../complaints/complaint-service.ts';
import { ComplaintStore } from '../complaints/complaint-store.ts';
import type { OperatorDeps, ScanTrigger } from '../http/operator-deps.ts';
import { dependencyProbe } from '../http/health-routes.ts';
import type { IngestMessage } from '../intake/ingest-message.ts';
import type { SecretSource } from '../intake/providers/secrets.ts';
import { RawEventStore } from '../intake/raw-event-store.ts';
import { replayQuarantined } from '../intake/replay-quarantined.ts';
import { AlertStore } from '../logistics/alert-store.ts';
import { NotificationStore } from '../notifications/notification-store.ts';
import type { SectionConfig, SliceConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { SqsQueue } from '../platform/queue/sqs-queue.ts';

export type OperatorConfig = Pick<SliceConfig<'operator-api'>, 'TABLE_NAME' | 'RAW_EVENT_TTL_DAYS' | 'API_TOKEN' | 'CARRIER_DELAY_HOURS' | 'CARRIER_DELAY_COMPENSATION_CNY'> & SectionConfig<'complaints'>;

/** The read/operate API's parts: the complaint engine for PATCH, read views, quarantine replay through the ingest queue. */
export function composeOperatorDeps(o: {
  dynamo: DynamoDBClient;
  ddb: DynamoDBDocumentClient;
  sqs: SQSClient;
  ingestQueueUrl: string;
  /** Queues /health checks besides the table (the local server checks both of its queues). */
  healthQueueUrls?: readonly string[];
  config: OperatorConfig;
  secrets: SecretSource;
  triggerScan: ScanTrigger;
  logger: Logger;
  now: () => Date;
}): OperatorDeps {
  const table = o.config.TABLE_NAME;
  const records = new RawEventStore(o.ddb, table, { ttlDays: o.config.RAW_EVENT_TTL_DAYS });
  const ingestQueue = new SqsQueue<IngestMessage>(o.sqs, o.ingestQueueUrl);
  return {
    logger: o.logger,
    now: o.now,
    apiToken: o.config.API_TOKEN,
    health: dependencyProbe({ table: { dynamo: o.dynamo, tableName: table }, sqs: o.sqs, queueUrls: o.healthQueueUrls ?? [o.ingestQueueUrl] }),
    complaints: new ComplaintService({ store: new ComplaintStore(o.ddb, table), config: o.config, now: o.now, logger: o.logger }),
    logistics: {
      alerts: new AlertStore(o.ddb, table),
      notifications: new NotificationStore(o.ddb, table),
      carrierTerms: { agreedHours: o.config.CARRIER_DELAY_HOURS, compensationCny: o.config.CARRIER_DELAY_COMPENSATION_CNY },
      triggerScan: o.triggerScan,
    },
    deliveries: { records, replay: (record) => replayQuarantined(record, { secrets: o.secrets, ingestQueue }) },
  };
}
