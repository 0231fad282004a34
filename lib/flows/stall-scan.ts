import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { complaintIdOf } from '../complaints/domain/complaint-reducer.ts';
import type { ComplaintPort } from '../complaints/complaint-port.ts';
import { ComplaintService } from '../complaints/complaint-service.ts';
import { ComplaintStore } from '../complaints/complaint-store.ts';
import { ShipmentStore } from '../logistics/shipment-store.ts';
import { createStallDeps, type StallDeps } from '../logistics/stall-deps.ts';
import { runStallScan, type StallScanResult } from '../logistics/stall-scanner.ts';
import type { ChannelAvailability } from '../notifications/channel-choice.ts';
import type { NotifyMessage } from '../notifications/notification-types.ts';
import type { SectionConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { SqsQueue } from '../platform/queue/sqs-queue.ts';
import { orderFactsFrom } from './order-facts.ts';
import type { TeamSignals } from './team-signals.ts';

export type StallScanConfig = SectionConfig<'complaints'> &
  Pick<SectionConfig<'logistics'>, 'STALL_THRESHOLD_HOURS' | 'STALL_TAG_THRESHOLDS' | 'DEFAULT_LOCALE'> & { TABLE_NAME: string };

export interface StallScanParts {
  stall: StallDeps;
  /** The complaint engine the scan reports to; it also runs the periodic SLA check. */
  complaints: ComplaintService;
  scan: () => Promise<StallScanResult>;
}

/**
 * The stall scanner: due shipments → alerts, logistics complaints, batch incidents, one notify
 * message per order of the batch. `channels` says which channels the notifier can deliver
 * through (from the same settings the notifier reads), so each order gets a channel it can use.
 */
export function composeStallScan(o: {
  ddb: DynamoDBDocumentClient;
  sqs: SQSClient;
  notifyQueueUrl: string;
  config: StallScanConfig;
  channels: ChannelAvailability;
  logger: Logger;
  now: () => Date;
  complaintPort?: ComplaintPort;
  /** The team robots' side: SLA breaches and stalls (lib/flows/team-signals.ts). */
  signals?: TeamSignals;
}): StallScanParts {
  const table = o.config.TABLE_NAME;
  const shipments = new ShipmentStore(o.ddb, table);
  const complaints = new ComplaintService({ store: new ComplaintStore(o.ddb, table), config: o.config, now: o.now, logger: o.logger, orderFacts: orderFactsFrom(shipments), signals: o.signals });
  const stall = createStallDeps({
    ddb: o.ddb,
    tableName: table,
    config: o.config,
    shipments,
    complaints: flaggingFirst(o.complaintPort ?? complaints, shipments),
    notifyQueue: new SqsQueue<NotifyMessage>(o.sqs, o.notifyQueueUrl),
    channels: o.channels,
    logger: o.logger,
    now: o.now,
    onStallOpened: o.signals?.onStallOpened,
  });
  return { stall, complaints, scan: () => runStallScan(stall, o.now()) };
}

/**
 * A stall report opens (or extends) the order's logistics complaint: the order's parcels are
 * flagged first (`Shipment.logisticsComplaintId`), so their routine scans keep extending it.
 */
function flaggingFirst(port: ComplaintPort, shipments: ShipmentStore): ComplaintPort {
  return {
    reportStall: async (r) => {
      await shipments.flagLogisticsComplaint(r.orderId, complaintIdOf(r.orderId, 'logistics'));
      return port.reportStall(r);
    },
    noteRecovery: (r) => port.noteRecovery(r),
  };
}
