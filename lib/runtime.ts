import { createAwsClients, type AwsClients } from './platform/aws-clients.ts';
import { loadConfig, type Config } from './platform/config.ts';
import type { AcceptDeps } from './intake/accept-delivery.ts';
import type { IngestMessage } from './intake/ingest-message.ts';
import type { EventHandler } from './intake/ingest-worker.ts';
import { createLogger, type Logger } from './platform/logger.ts';
import { secretSourceFromConfig, type SecretSource } from './intake/providers/secrets.ts';
import { SqsQueue, type MessageQueue } from './platform/queue/sqs-queue.ts';
import { confirmersFromEnv } from './intake/paypal-event-confirmer.ts';
import { RawEventStore } from './intake/raw-event-store.ts';
import { createDomain } from './flows/apply-canonical-events.ts';
import type { ComplaintPort } from './complaints/complaint-port.ts';
import { ComplaintService } from './complaints/complaint-service.ts';
import { ComplaintStore } from './complaints/complaint-store.ts';
import { createNotificationChannels, type NotificationChannels, type NotifyClients } from './notifications/notification-channels.ts';
import type { NotifyMessage } from './notifications/notification-types.ts';
import { createStallDeps, type StallDeps } from './logistics/stall-deps.ts';
import { StallScanGate } from './logistics/scan-gate.ts';
import { runStallScan } from './logistics/stall-scanner.ts';

export interface QueueUrlSet {
  ingest: string;
  notify: string;
}

/**
 * Everything a handler needs, built once per process from validated config. Lambda entry points
 * build it at module scope; the local server and tests build it with their own endpoints.
 */
export interface Runtime {
  config: Config;
  clients: AwsClients;
  tableName: string;
  queueUrls: QueueUrlSet;
  secrets: SecretSource;
  logger: Logger;
  now: () => Date;
  rawEvents: RawEventStore;
  ingestQueue: MessageQueue<IngestMessage>;
  acceptDeps: AcceptDeps;
  handleEvents: EventHandler;
  /** The complaint engine: records, PATCH, SLA checks. */
  complaints: ComplaintService;
  notifyQueue: MessageQueue<NotifyMessage>;
  notifyChannels: NotificationChannels;
  /** Shipments, alerts, incidents, notifications, stall rules and the complaint port: what applyShipmentEvent and the scan use. */
  stall: StallDeps;
  /** Runs the stall scan, one at a time in this process. */
  stallScan: StallScanGate;
}

export interface RuntimeOverrides {
  config?: Config;
  clients?: AwsClients;
  queueUrls?: QueueUrlSet;
  secrets?: SecretSource;
  logger?: Logger;
  now?: () => Date;
  serviceName?: string;
  /** The complaint engine the stall scan reports to and the recovery path notes on. */
  complaintPort?: ComplaintPort;
  /** SES / SNS calls for the deployed e-mail and SMS channels. */
  notifyClients?: NotifyClients;
}

export function createRuntime(o: RuntimeOverrides = {}): Runtime {
  const config = o.config ?? loadConfig();
  const clients = o.clients ?? createAwsClients(config);
  const queueUrls = o.queueUrls ?? {
    ingest: required(config.INGEST_QUEUE_URL, 'INGEST_QUEUE_URL'),
    notify: required(config.NOTIFY_QUEUE_URL, 'NOTIFY_QUEUE_URL'),
  };
  const now = o.now ?? (() => new Date());
  const logger = o.logger ?? createLogger({ serviceName: o.serviceName ?? 'aftersales-hub', level: config.LOG_LEVEL });
  const secrets = o.secrets ?? secretSourceFromConfig(config);
  const rawEvents = new RawEventStore(clients.ddb, config.TABLE_NAME, { ttlDays: config.RAW_EVENT_TTL_DAYS });
  const ingestQueue = new SqsQueue<IngestMessage>(clients.sqs, queueUrls.ingest);
  const notifyQueue = new SqsQueue<NotifyMessage>(clients.sqs, queueUrls.notify);
  const notifyChannels = createNotificationChannels(config, o.notifyClients);
  const complaintStore = new ComplaintStore(clients.ddb, config.TABLE_NAME);
  // Order facts for the tier rules come from the order's shipment (tags, value, promised date).
  let orderFacts: (orderId: string) => Promise<undefined | { tags?: string[]; amount?: { value: number; currency: string }; promisedBy?: string; platform?: string }> = async () => undefined;
  const complaints = new ComplaintService({ store: complaintStore, config, now, logger, orderFacts: (id) => orderFacts(id) });
  const stall = createStallDeps({
    ddb: clients.ddb,
    tableName: config.TABLE_NAME,
    config,
    complaints: o.complaintPort ?? complaints,
    notifyQueue,
    channels: notifyChannels.available,
    logger,
    now,
  });
  orderFacts = async (orderId) => {
    const s = (await stall.shipments.forOrder(orderId))[0];
    return s ? { tags: s.tags, amount: s.amount, promisedBy: s.promisedBy, platform: s.platform } : undefined;
  };
  const stallScan = new StallScanGate(() => runStallScan(stall, now()));
  const base = { config, clients, tableName: config.TABLE_NAME, queueUrls, secrets, logger, now, rawEvents, ingestQueue, notifyQueue, notifyChannels, stall, stallScan, complaints };
  return {
    ...base,
    acceptDeps: {
      secrets,
      queue: ingestQueue,
      storeOversized: (msg) => rawEvents.putPending(msg),
      bodyHashSeen: (provider, deliveryId) => rawEvents.bodyHashOf(provider, deliveryId),
      confirmers: confirmersFromEnv(process.env),
      toleranceSeconds: config.SIGNATURE_TOLERANCE_SECONDS,
      bodyLimitBytes: config.BODY_LIMIT_BYTES,
      now,
    },
    handleEvents: createDomain(base),
  };
}

function required(v: string | undefined, name: string): string {
  if (!v) throw new Error(`${name} is required`);
  return v;
}
