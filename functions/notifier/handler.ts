import { ShipmentStore } from '../../lib/logistics/shipment-store.ts';
import { resolveNotifySettings } from '../../lib/notifications/compose-channels-deployed.ts';
import { notifyClientsFor } from '../../lib/notifications/compose-notifier.ts';
import { createCustomerChannels, createTeamRobots } from '../../lib/notifications/notification-channels.ts';
import { NotificationStore } from '../../lib/notifications/notification-store.ts';
import { createNotifyHandler } from '../../lib/notifications/notify-handler.ts';
import { DynamoTeamAlertLedger } from '../../lib/notifications/robots/team-alert-ledger.ts';
import { createDynamoClients, tableProbe } from '../../lib/platform/aws/dynamodb-client.ts';
import { OutageGuard } from '../../lib/platform/queue/outage-guard.ts';
import { loadNotifierConfig } from '../../lib/platform/function-config/notifier.ts';
import { createLogger } from '../../lib/platform/logger.ts';

// SQS event source with ReportBatchItemFailures: failed records come back alone, with backoff.
const config = await resolveNotifySettings(loadNotifierConfig());
const logger = createLogger({ serviceName: 'notifier', level: config.LOG_LEVEL });
const { dynamo, ddb } = createDynamoClients(config);
const channels = createCustomerChannels(config, notifyClientsFor(config));
// A notifier with no channel would mark every warning skipped: say so at every cold start.
if (channels.missing.length) logger.warn('notification channels not configured', { missing: channels.missing });
const now = () => new Date();

export const handler = createNotifyHandler(
  { notifications: new NotificationStore(ddb, config.TABLE_NAME), shipments: new ShipmentStore(ddb, config.TABLE_NAME), channels: channels.byName, config, logger, now },
  { teamAlerts: { robots: createTeamRobots(config), ledger: new DynamoTeamAlertLedger(ddb, config.TABLE_NAME), now }, guard: new OutageGuard({ probe: tableProbe(dynamo, config.TABLE_NAME) }) },
);
