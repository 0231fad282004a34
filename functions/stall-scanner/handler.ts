import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { composeStallScan } from '../../lib/flows/stall-scan.ts';
import { teamSignals } from '../../lib/flows/team-signals.ts';
import { SqsQueue } from '../../lib/platform/queue/sqs-queue.ts';
import { publishStallMetrics, METRICS_NAMESPACE } from '../../lib/logistics/stall-metrics.ts';
import type { StallScanResult } from '../../lib/logistics/stall-scanner.ts';
import { resolveNotifySettings } from '../../lib/notifications/compose-channels-deployed.ts';
import { channelAvailability } from '../../lib/notifications/channel-availability.ts';
import { createDynamoClients } from '../../lib/platform/aws/dynamodb-client.ts';
import { createSqsClient } from '../../lib/platform/aws/sqs-client.ts';
import { loadStallScannerConfig } from '../../lib/platform/function-config/stall-scanner.ts';
import { createLogger } from '../../lib/platform/logger.ts';

const config = await resolveNotifySettings(loadStallScannerConfig());
const logger = createLogger({ serviceName: 'stall-scanner', level: config.LOG_LEVEL });
const { ddb } = createDynamoClients(config);
const now = () => new Date();
const sqs = createSqsClient(config);
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'stall-scanner' });
const parts = composeStallScan({
  ddb,
  sqs,
  notifyQueueUrl: config.NOTIFY_QUEUE_URL ?? '',
  config,
  // The same settings the notifier reads decide which channels a notification may use.
  channels: channelAvailability(config),
  logger,
  now,
  signals: teamSignals(new SqsQueue(sqs, config.NOTIFY_QUEUE_URL ?? ''), logger, now),
});

/**
 * Invoked by the EventBridge schedule, or asynchronously by `POST /stall-scan` (with a `scanId`):
 * one stall scan, then the periodic SLA check, then their metrics (one `SlaBreach` count per
 * breach). Failed parcels stay due for the next run; so do run-out clocks the SLA check had no
 * time left for (it stops starting pages 20 s before the function's timeout).
 */
export const handler = async (event?: { scanId?: string }, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<StallScanResult & { slaBreaches: number; scanId?: string }> => {
  const result = await parts.scan();
  const breaches = await parts.complaints.checkSlas({ timeLeft: context && (() => context.getRemainingTimeInMillis()), reserveMs: 20_000 });
  for (const _ of breaches) metrics.addMetric('SlaBreach', MetricUnit.Count, 1);
  await publishStallMetrics(metrics, parts.stall.alerts, result);
  logger.info('stall scan done', { scanId: event?.scanId, dueShipments: result.dueShipments, alertsOpened: result.alertsOpened, slaBreaches: breaches.length });
  return { ...result, slaBreaches: breaches.length, scanId: event?.scanId };
};
