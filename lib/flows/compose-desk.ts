import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { ComplaintDeskService } from '../complaints/complaint-desk-service.ts';
import { ComplaintDeskStore } from '../complaints/complaint-desk-store.ts';
import type { DeskDeps } from '../http/operator-deps.ts';
import { RawEventStore } from '../intake/raw-event-store.ts';
import { AlertStore } from '../logistics/alert-store.ts';
import { NotificationReader } from '../notifications/notification-reader.ts';
import type { SectionConfig, SliceConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { notificationRetry } from './notification-retry.ts';
import { operatorAccess } from './operator-access.ts';
import { complaintDesk } from './operator-desk.ts';

export type DeskConfig = Pick<SliceConfig<'desk'>, 'STAGE' | 'TABLE_NAME' | 'RAW_EVENT_TTL_DAYS' | 'API_TOKEN' | 'NOTIFY_QUEUE_URL'> & SectionConfig<'complaints'>;

/**
 * The browser desk's parts (`desk`): the complaint engine for the pages' forms (assign, move, note,
 * follow-up, reveal), read views of alerts, notifications and the quarantine list, the notification
 * retry, operator sign-in. No audit reader, no replay, no scan trigger: those are operator-api's
 * (lib/flows/compose-operator.ts), and the pages' script calls them there.
 */
export function composeDeskDeps(o: {
  ddb: DynamoDBDocumentClient;
  sqs: SQSClient;
  config: DeskConfig;
  logger: Logger;
  now: () => Date;
  /** Where "retry a failed notification" queues its message; default the setting NOTIFY_QUEUE_URL. */
  notifyQueueUrl?: string;
  /** Browser session lifetime; default 12 h (one working shift). */
  sessionTtlSeconds?: number;
}): DeskDeps {
  const table = o.config.TABLE_NAME;
  const notifications = new NotificationReader(o.ddb, table);
  return {
    logger: o.logger,
    now: o.now,
    apiToken: o.config.API_TOKEN,
    complaints: complaintDesk(new ComplaintDeskService({ store: new ComplaintDeskStore(o.ddb, table), config: o.config, now: o.now, logger: o.logger })),
    logistics: {
      alerts: new AlertStore(o.ddb, table),
      notifications,
      retryNotification: notificationRetry({ notifications, sqs: o.sqs, notifyQueueUrl: o.notifyQueueUrl ?? o.config.NOTIFY_QUEUE_URL }),
    },
    // the board's quarantine panel only (the raw-event store's reads; its TTL is for its writes, which the desk never makes)
    deliveries: { records: new RawEventStore(o.ddb, table, { ttlDays: o.config.RAW_EVENT_TTL_DAYS }) },
    operators: operatorAccess({ ddb: o.ddb, tableName: table, now: o.now, stage: o.config.STAGE, sessionTtlSeconds: o.sessionTtlSeconds }),
  };
}
