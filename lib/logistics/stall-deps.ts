import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ComplaintPort } from '../complaints/complaint-port.ts';
import type { Config } from '../platform/config.ts';
import type { ChannelAvailability } from '../notifications/channel-choice.ts';
import { NotificationStore } from '../notifications/notification-store.ts';
import type { NotifyMessage } from '../notifications/notification-types.ts';
import type { Locale } from '../notifications/templates.ts';
import type { Logger } from '../platform/logger.ts';
import type { MessageQueue } from '../platform/queue/sqs-queue.ts';
import { ShipmentStore } from './shipment-store.ts';
import type { StallRules } from './shipment-types.ts';
import { AlertStore } from './alert-store.ts';
import type { StallAlert } from './alert-types.ts';
import { IncidentStore } from './incident-store.ts';
import { ScanCursorStore } from './scan-cursor-store.ts';

/** Everything the shipment tracking, the stall scan and the recovery path need. */
export interface StallDeps {
  shipments: ShipmentStore;
  alerts: AlertStore;
  incidents: IncidentStore;
  notifications: NotificationStore;
  cursor: ScanCursorStore;
  /** The complaint engine (implemented in lib/complaints); passed in, never imported. */
  complaints: ComplaintPort;
  notifyQueue: MessageQueue<NotifyMessage>;
  rules: StallRules;
  channels: ChannelAvailability;
  defaultLocale: Locale;
  logger: Logger;
  now: () => Date;
  /** Due parcels / notification chunks of 10 worked on at once. */
  concurrency: number;
  /** Told of each stall alert the scan opened, with the number of orders of its batch warned. */
  onStallOpened?: (alert: StallAlert, batchSize: number) => Promise<void>;
}

export function createStallDeps(o: {
  ddb: DynamoDBDocumentClient;
  tableName: string;
  config: Pick<Config, 'STALL_THRESHOLD_HOURS' | 'STALL_TAG_THRESHOLDS' | 'DEFAULT_LOCALE'>;
  complaints: ComplaintPort;
  notifyQueue: MessageQueue<NotifyMessage>;
  channels: ChannelAvailability;
  logger: Logger;
  now: () => Date;
  concurrency?: number;
  onStallOpened?: (alert: StallAlert, batchSize: number) => Promise<void>;
  /** Shared with the complaint engine's order facts when the caller built it first. */
  shipments?: ShipmentStore;
}): StallDeps {
  return {
    shipments: o.shipments ?? new ShipmentStore(o.ddb, o.tableName),
    alerts: new AlertStore(o.ddb, o.tableName),
    incidents: new IncidentStore(o.ddb, o.tableName),
    notifications: new NotificationStore(o.ddb, o.tableName),
    cursor: new ScanCursorStore(o.ddb, o.tableName),
    complaints: o.complaints,
    notifyQueue: o.notifyQueue,
    rules: { defaultHours: o.config.STALL_THRESHOLD_HOURS, tagHours: o.config.STALL_TAG_THRESHOLDS },
    channels: o.channels,
    defaultLocale: o.config.DEFAULT_LOCALE,
    logger: o.logger,
    now: o.now,
    concurrency: o.concurrency ?? 16,
    onStallOpened: o.onStallOpened,
  };
}
