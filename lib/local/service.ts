import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { ComplaintPort } from '../complaints/complaint-port.ts';
import type { ComplaintService } from '../complaints/complaint-service.ts';
import { composeDeskDeps } from '../flows/compose-desk.ts';
import { composeOperatorDeps } from '../flows/compose-operator.ts';
import { composeIngestDomain } from '../flows/ingest-domain.ts';
import { composeStallScan } from '../flows/stall-scan.ts';
import { teamSignals } from '../flows/team-signals.ts';
import { SqsQueue } from '../platform/queue/sqs-queue.ts';
import type { Hono } from 'hono';
import { createBaseApp, type AppEnv } from '../http/base-app.ts';
import { healthRoutes } from '../http/health-routes.ts';
import { mountOperatorRoutes } from '../http/operator-app.ts';
import { webhookRoutes } from '../http/webhook-routes.ts';
import type { AcceptDeps } from '../intake/accept-delivery.ts';
import { composeAcceptDeps } from '../intake/compose-intake.ts';
import { createIngestHandler } from '../intake/ingest-handler.ts';
import { auditFromConfig } from '../intake/audit/compose-audit.ts';
import type { EventHandler } from '../intake/ingest-worker.ts';
import { secretSourceFromConfig } from '../intake/providers/secrets.ts';
import { RawEventStore } from '../intake/raw-event-store.ts';
import { replayQuarantined } from '../intake/replay-quarantined.ts';
import type { IngestMessage } from '../intake/ingest-message.ts';
import { StallScanGate } from '../logistics/scan-gate.ts';
import { inProcessScanTrigger } from '../logistics/scan-trigger.ts';
import type { StallDeps } from '../logistics/stall-deps.ts';
import { notifyClientsFor } from '../notifications/compose-notifier.ts';
import { createCustomerChannels, createTeamRobots, type NotificationChannels, type NotifyClients } from '../notifications/notification-channels.ts';
import { DynamoTeamAlertLedger } from '../notifications/robots/team-alert-ledger.ts';
import { createNotifyHandler } from '../notifications/notify-handler.ts';
import { createAwsClients, type AwsClients } from '../platform/aws-clients.ts';
import type { Config } from '../platform/config.ts';
import { createLogger, type Logger } from '../platform/logger.ts';
import { ensureQueues, ensureTable, type QueueOverrides, type QueueUrls } from './bootstrap.ts';
import { startQueuePoller } from './queue-poller.ts';
import { installLocalResilience } from './resilience.ts';
import { contentLengthGuard } from './content-length-guard.ts';

export interface ServiceOptions {
  /** Must carry DYNAMODB_ENDPOINT and SQS_ENDPOINT (embedded or external). */
  config: Config;
  /** 0 picks a free port (tests). */
  port?: number;
  /** Which parts run in this process; the crash suite runs API and workers apart. */
  roles?: { api?: boolean; workers?: boolean; scanner?: boolean };
  queueOverrides?: QueueOverrides;
  pollWaitSeconds?: number;
  backoffBaseSeconds?: number;
  logger?: Logger;
  /** Tests wrap the domain entry point to count what reaches it. */
  wrapHandleEvents?: (inner: EventHandler) => EventHandler;
  /** The complaint engine the stall scan reports to (tests pass a recording one). */
  complaintPort?: ComplaintPort;
  /** SES / SMS clients for the e-mail and SMS channels. */
  notifyClients?: NotifyClients;
  /** Where `WEBHOOK_SECRET_<ID>` values are read (the process environment for `npm start`; tests pass their own). */
  secretsEnv?: Record<string, string | undefined>;
  /** Journal of queued-but-unprocessed messages (local durability, `resilience.ts`); none → no journal. */
  journalDir?: string;
}

/**
 * The parts this process composed, for tests and tools that look inside a running local stack.
 * Lambdas have no such object: each handler composes only what it uses.
 */
export interface LocalParts {
  config: Config;
  clients: AwsClients;
  tableName: string;
  queueUrls: QueueUrls;
  logger: Logger;
  now: () => Date;
  rawEvents: RawEventStore;
  acceptDeps: AcceptDeps;
  handleEvents: EventHandler;
  complaints: ComplaintService;
  stall: StallDeps;
  notifyChannels: NotificationChannels;
  stallScan: StallScanGate;
}

export interface RunningService {
  url?: string;
  /** The HTTP app, also when this process serves no port (in-process requests in tests). */
  app: Hono<AppEnv>;
  parts: LocalParts;
  queueUrls: QueueUrls;
  stop(): Promise<void>;
}

/**
 * The local adapter around the very same compositions the Lambdas use: HTTP via
 * @hono/node-server (webhooks and the operator API in one app), queue pollers instead of event
 * source mappings, a timer instead of the schedule.
 */
export async function startService(o: ServiceOptions): Promise<RunningService> {
  const roles = { api: true, workers: true, scanner: true, ...o.roles };
  const config = o.config;
  const clients = createAwsClients(config);
  await ensureTable(clients.dynamo, config.TABLE_NAME);
  const queueUrls = await ensureQueues(clients.sqs, config.TABLE_NAME, {
    visibilityTimeoutSeconds: config.LOCAL_QUEUE_VISIBILITY_SECONDS,
    maxReceiveCount: config.LOCAL_QUEUE_MAX_RECEIVE_COUNT,
    ...o.queueOverrides,
  });
  const logger = o.logger ?? createLogger({ serviceName: 'aftersales-hub', level: config.LOG_LEVEL });
  const now = () => new Date();
  const { ddb, sqs } = clients;

  const signals = teamSignals(new SqsQueue(sqs, queueUrls.notify), logger, now);
  const domain = composeIngestDomain({ ddb, config, logger, now, complaintPort: o.complaintPort, signals });
  const notifyChannels = createCustomerChannels(config, o.notifyClients ?? notifyClientsFor(config));
  const scan = composeStallScan({ ddb, sqs, notifyQueueUrl: queueUrls.notify, config, channels: notifyChannels.available, logger, now, complaintPort: o.complaintPort ?? domain.complaints, signals });
  const stallScan = new StallScanGate(scan.scan);
  const secrets = secretSourceFromConfig(config, o.secretsEnv ?? {});
  const acceptDeps = composeAcceptDeps({ ddb, sqs, ingestQueueUrl: queueUrls.ingest, config, secrets, now });
  const rawEvents = new RawEventStore(ddb, config.TABLE_NAME, { ttlDays: config.RAW_EVENT_TTL_DAYS });
  const handleEvents = o.wrapHandleEvents ? o.wrapHandleEvents(domain.handleEvents) : domain.handleEvents;
  const parts: LocalParts = {
    config, clients, tableName: config.TABLE_NAME, queueUrls, logger, now, rawEvents, acceptDeps, handleEvents,
    complaints: domain.complaints, stall: scan.stall, notifyChannels, stallScan,
  };

  const operator = composeOperatorDeps({
    ...clients,
    ingestQueueUrl: queueUrls.ingest,
    notifyQueueUrl: queueUrls.notify,
    healthQueueUrls: [queueUrls.ingest, queueUrls.notify],
    config,
    // In process here; deployed, operator-api invokes webhook-api for it (lib/intake/replay-invoke.ts).
    replay: (record) => replayQuarantined(record, { secrets, ingestQueue: new SqsQueue<IngestMessage>(sqs, queueUrls.ingest) }),
    triggerScan: inProcessScanTrigger(stallScan),
    logger,
    now,
  });
  const desk = composeDeskDeps({ ...clients, notifyQueueUrl: queueUrls.notify, config, logger, now });
  // Every front in one app: what API Gateway splits between webhook-api, operator-api and desk deployed.
  const app = createBaseApp(logger);
  app.route('/', healthRoutes(operator.health));
  app.route('/webhooks', webhookRoutes({ accept: acceptDeps, logger }));
  mountOperatorRoutes(app, { api: operator, desk });

  const resilience = await installLocalResilience({ clients, tableName: o.config.TABLE_NAME, queueUrls, journalDir: o.journalDir, logger });
  const stoppers: (() => Promise<void>)[] = [() => resilience.stop()];
  let url: string | undefined;
  if (roles.api) {
    const server: ServerType = await new Promise((resolve) => {
      // Slow-loris guard: headers within 10 s, the whole request within 30 s, checked every second.
      const serverOptions = { headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 1_000 };
      const s = serve({ fetch: app.fetch, port: o.port ?? o.config.PORT, hostname: '127.0.0.1', serverOptions, createServer: contentLengthGuard(o.config.BODY_LIMIT_BYTES) }, () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    stoppers.push(() => new Promise<void>((r) => { (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.(); server.close(() => r()); }));
  }
  if (roles.workers) {
    for (const [name, queueUrl, handler] of [
      ['ingest', queueUrls.ingest, createIngestHandler({ rawEvents, handleEvents, now, logger, audit: auditFromConfig(config) })],
      ['notify', queueUrls.notify, createNotifyHandler({ notifications: scan.stall.notifications, shipments: scan.stall.shipments, channels: notifyChannels.byName, config, logger, now }, { teamAlerts: { robots: createTeamRobots(config), ledger: new DynamoTeamAlertLedger(ddb, config.TABLE_NAME), now } })],
    ] as const) {
      const poller = startQueuePoller({ sqs: clients.sqs, queueUrl, handler, logger: logger, name, waitSeconds: o.pollWaitSeconds, backoffBaseSeconds: o.backoffBaseSeconds, ...resilience.pollerOptions });
      stoppers.push(() => poller.stop());
    }
  }
  if (roles.scanner) {
    // The local stand-in for the deployed schedule. A tick while a scan still runs is skipped.
    let inFlight: Promise<unknown> | undefined;
    const timer = setInterval(() => {
      const run = stallScan.runIfIdle();
      if (!run) return;
      inFlight = run.catch((err) => logger.warn('stall scan failed', { error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }));
    }, o.config.STALL_SCAN_INTERVAL_SECONDS * 1000);
    timer.unref();
    // The periodic SLA check (deployed it runs on the scanner's schedule).
    let slaRun: Promise<unknown> | undefined;
    const slaTimer = setInterval(() => {
      if (slaRun) return;
      slaRun = domain.complaints
        .checkSlas()
        .catch((err) => logger.warn('SLA check failed', { error: err instanceof Error ? err.message : String(err) }))
        .finally(() => (slaRun = undefined));
    }, o.config.SLA_CHECK_INTERVAL_SECONDS * 1000);
    slaTimer.unref();
    stoppers.push(async () => {
      clearInterval(timer);
      clearInterval(slaTimer);
      await Promise.all([inFlight, slaRun]);
    });
  }
  return {
    url,
    app,
    parts,
    queueUrls,
    async stop() {
      await Promise.allSettled(stoppers.reverse().map((s) => s()));
    },
  };
}
