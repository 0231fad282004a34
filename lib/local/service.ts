import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createAwsClients } from '../platform/aws-clients.ts';
import type { Config } from '../platform/config.ts';
import { createApp } from '../http/app.ts';
import { createIngestHandler } from '../intake/ingest-handler.ts';
import type { ComplaintPort } from '../complaints/complaint-port.ts';
import { createNotifyHandler } from '../notifications/notify-handler.ts';
import type { Logger } from '../platform/logger.ts';
import type { EventHandler } from '../intake/ingest-worker.ts';
import { createRuntime, type Runtime } from '../runtime.ts';
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
  /** Journal of queued-but-unprocessed messages (local durability, `resilience.ts`); none → no journal. */
  journalDir?: string;
}

export interface RunningService {
  url?: string;
  runtime: Runtime;
  queueUrls: QueueUrls;
  stop(): Promise<void>;
}

/**
 * The local adapter around the very same handlers Lambda runs: HTTP via @hono/node-server, queue
 * pollers instead of event source mappings, a timer instead of the schedule.
 */
export async function startService(o: ServiceOptions): Promise<RunningService> {
  const roles = { api: true, workers: true, scanner: true, ...o.roles };
  const clients = createAwsClients(o.config);
  await ensureTable(clients.dynamo, o.config.TABLE_NAME);
  const queueUrls = await ensureQueues(clients.sqs, o.config.TABLE_NAME, {
    visibilityTimeoutSeconds: o.config.LOCAL_QUEUE_VISIBILITY_SECONDS,
    maxReceiveCount: o.config.LOCAL_QUEUE_MAX_RECEIVE_COUNT,
    ...o.queueOverrides,
  });
  const runtime = createRuntime({
    config: o.config,
    clients,
    queueUrls: { ingest: queueUrls.ingest, notify: queueUrls.notify },
    ...(o.complaintPort ? { complaintPort: o.complaintPort } : {}),
    logger: o.logger,
  });

  if (o.wrapHandleEvents) runtime.handleEvents = o.wrapHandleEvents(runtime.handleEvents);

  const resilience = await installLocalResilience({ clients, tableName: o.config.TABLE_NAME, queueUrls, journalDir: o.journalDir, logger: runtime.logger });
  const stoppers: (() => Promise<void>)[] = [() => resilience.stop()];
  let url: string | undefined;
  if (roles.api) {
    const app = createApp(runtime);
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
      ['ingest', queueUrls.ingest, createIngestHandler(runtime)],
      ['notify', queueUrls.notify, createNotifyHandler(runtime)],
    ] as const) {
      const poller = startQueuePoller({ sqs: clients.sqs, queueUrl, handler, logger: runtime.logger, name, waitSeconds: o.pollWaitSeconds, backoffBaseSeconds: o.backoffBaseSeconds, ...resilience.pollerOptions });
      stoppers.push(() => poller.stop());
    }
  }
  if (roles.scanner) {
    // The local stand-in for the deployed schedule. A tick while a scan still runs is skipped.
    let inFlight: Promise<unknown> | undefined;
    const timer = setInterval(() => {
      const run = runtime.stallScan.runIfIdle();
      if (!run) return;
      inFlight = run.catch((err) => runtime.logger.warn('stall scan failed', { error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }));
    }, o.config.STALL_SCAN_INTERVAL_SECONDS * 1000);
    timer.unref();
    // The periodic SLA check (deployed it runs on the scanner's schedule).
    let slaRun: Promise<unknown> | undefined;
    const slaTimer = setInterval(() => {
      if (slaRun) return;
      slaRun = runtime.complaints
        .checkSlas()
        .catch((err) => runtime.logger.warn('SLA check failed', { error: err instanceof Error ? err.message : String(err) }))
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
    runtime,
    queueUrls,
    async stop() {
      await Promise.allSettled(stoppers.reverse().map((s) => s()));
    },
  };
}
