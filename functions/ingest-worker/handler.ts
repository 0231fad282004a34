import { composeIngestDomain } from '../../lib/flows/ingest-domain.ts';
import { createIngestHandler } from '../../lib/intake/ingest-handler.ts';
import { RawEventStore } from '../../lib/intake/raw-event-store.ts';
import { auditFromConfig } from '../../lib/intake/audit/compose-audit.ts';
import { teamSignals } from '../../lib/flows/team-signals.ts';
import { createDynamoClients, tableProbe } from '../../lib/platform/aws/dynamodb-client.ts';
import { OutageGuard } from '../../lib/platform/queue/outage-guard.ts';
import { createSqsClient } from '../../lib/platform/aws/sqs-client.ts';
import { SqsQueue } from '../../lib/platform/queue/sqs-queue.ts';
import { loadIngestWorkerConfig } from '../../lib/platform/function-config/ingest-worker.ts';
import { createLogger } from '../../lib/platform/logger.ts';

// SQS event source with ReportBatchItemFailures: dedup record → shipments → complaint engine.
// The table, and the notify queue for the team's alerts; no secret (WeChat Pay is decrypted on the ack path).
const config = loadIngestWorkerConfig();
const logger = createLogger({ serviceName: 'ingest-worker', level: config.LOG_LEVEL });
const { dynamo, ddb } = createDynamoClients(config);
const now = () => new Date();
const signals = teamSignals(new SqsQueue(createSqsClient(config), config.NOTIFY_QUEUE_URL ?? ''), logger, now);
const domain = composeIngestDomain({ ddb, config, logger, now, signals });

export const handler = createIngestHandler({
  rawEvents: new RawEventStore(ddb, config.TABLE_NAME, { ttlDays: config.RAW_EVENT_TTL_DAYS }),
  handleEvents: domain.handleEvents,
  now,
  logger,
  audit: auditFromConfig(config),
  guard: new OutageGuard({ probe: tableProbe(dynamo, config.TABLE_NAME) }),
});
