import { createNotificationChannels } from '../../lib/notifications/notification-channels.ts';
import { NotificationStore } from '../../lib/notifications/notification-store.ts';
import { createNotifyHandler } from '../../lib/notifications/notify-handler.ts';
import { ShipmentStore } from '../../lib/logistics/shipment-store.ts';
import { createDynamoClients } from '../../lib/platform/aws/dynamodb-client.ts';
import { loadFunctionConfig } from '../../lib/platform/config.ts';
import { createLogger } from '../../lib/platform/logger.ts';

// SQS event source with ReportBatchItemFailures: failed records come back alone, with backoff.
const config = loadFunctionConfig('notifier');
const logger = createLogger({ serviceName: 'notifier', level: config.LOG_LEVEL });
const { ddb } = createDynamoClients(config);

export const handler = createNotifyHandler({
  notifications: new NotificationStore(ddb, config.TABLE_NAME),
  shipments: new ShipmentStore(ddb, config.TABLE_NAME),
  channels: createNotificationChannels(config).byName,
  config,
  logger,
  now: () => new Date(),
});
