import { createAwsClients, type AwsClients } from './aws-clients.ts';
import { loadConfig, type Config } from './config.ts';
import type { AcceptDeps } from './intake/accept-delivery.ts';
import type { IngestMessage } from './intake/ingest-message.ts';
import type { EventHandler } from './intake/ingest-worker.ts';
import { createLogger, type Logger } from './observability/logger.ts';
import { secretSourceFromConfig, type SecretSource } from './providers/secrets.ts';
import { SqsQueue, type MessageQueue } from './queues/sqs-queue.ts';
import { RawEventStore } from './storage/raw-event-store.ts';
import { createDomain } from './domain-wiring.ts';

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
}

export interface RuntimeOverrides {
  config?: Config;
  clients?: AwsClients;
  queueUrls?: QueueUrlSet;
  secrets?: SecretSource;
  logger?: Logger;
  now?: () => Date;
  serviceName?: string;
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
  const base = { config, clients, tableName: config.TABLE_NAME, queueUrls, secrets, logger, now, rawEvents, ingestQueue };
  return {
    ...base,
    acceptDeps: {
      secrets,
      queue: ingestQueue,
      storeOversized: (msg) => rawEvents.putPending(msg),
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
