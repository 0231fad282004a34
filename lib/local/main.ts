import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { loadConfig, ConfigError } from '../platform/config.ts';
import { startDynamoDbLocal, JavaMissingError, type RunningDynamoDb } from './dynamodb-local.ts';
import { startSqsLocal, type RunningSqs } from './sqs-local.ts';
import { startService, type RunningService } from './service.ts';
import { forgetChild, reapStaleChild, rememberChild } from './stale-child.ts';

const USAGE = `usage: npm start [-- options]
  --data <dir>        where local data lives (default .data): DynamoDB in <dir>/dynamodb,
                      the queue journal in <dir>/queue-journal
  --persist [dir]     older spelling: DynamoDB data in <dir> (default .data/dynamodb), journal in <dir>/queue-journal
  --memory            throw-away run: nothing on disk, and a crash loses what is queued
  --role all|api|workers   only the HTTP API, or only the queue workers + stall timer`;

/**
 * `npm start`: the whole service on one laptop. DynamoDB Local (Java) and the fauxqs SQS emulator
 * start embedded unless DYNAMODB_ENDPOINT / SQS_ENDPOINT point elsewhere.
 *
 * Durable by default (issue 18: a crash lost 1,179 of 1,500 acknowledged deliveries): DynamoDB keeps
 * its data on disk, and because the embedded queue lives in this process's memory (fauxqs has no
 * persistence), every message is journaled on disk before it is queued and so before the webhook is
 * acknowledged; what was not processed is queued again on the next start (`durable-queue-journal.ts`).
 * `--memory` opts out for throw-away runs.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      persist: { type: 'string' },
      memory: { type: 'boolean' },
      role: { type: 'string', default: 'all' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
    strict: false,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const role = String(values.role ?? 'all');
  if (!['all', 'api', 'workers'].includes(role)) throw new ConfigError(`--role must be all, api or workers (got ${role})`);
  const memory = values.memory === true;
  // `--persist` with no value is parsed as a boolean by parseArgs.
  const persistDir = typeof values.persist === 'string' && values.persist ? values.persist : undefined;
  const root = typeof values.data === 'string' && values.data ? values.data : '.data';
  if (memory && (values.data !== undefined || values.persist !== undefined)) throw new ConfigError('--memory cannot be combined with --data or --persist');
  const dynamoDir = memory ? undefined : (persistDir ?? join(root, 'dynamodb'));
  const journalRoot = memory ? undefined : persistDir ? join(persistDir, 'queue-journal') : join(root, 'queue-journal');

  let config = loadConfig();
  let dynamo: RunningDynamoDb | undefined;
  let sqs: RunningSqs | undefined;
  let service: RunningService | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await service?.stop().catch(() => undefined);
    await Promise.allSettled([sqs?.stop(), dynamo?.stop()]);
    if (dynamo && dynamoDir) forgetChild(dynamoDir);
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  // Last line of defence: never leave a Java process behind, even on an uncaught crash.
  process.on('exit', () => dynamo?.process.kill('SIGKILL'));

  try {
    const started = performance.now();
    // A SIGKILLed predecessor cannot stop its Java child; that orphan still holds our data files.
    if (dynamoDir && !config.DYNAMODB_ENDPOINT) await reapStaleChild(dynamoDir);
    [dynamo, sqs] = await Promise.all([
      config.DYNAMODB_ENDPOINT ? undefined : startDynamoDbLocal({ dataDir: dynamoDir }),
      config.SQS_ENDPOINT ? undefined : startSqsLocal(),
    ]);
    if (dynamo?.process.pid && dynamoDir) rememberChild(dynamoDir, dynamo.process.pid);
    config = { ...config, DYNAMODB_ENDPOINT: config.DYNAMODB_ENDPOINT ?? dynamo!.endpoint, SQS_ENDPOINT: config.SQS_ENDPOINT ?? sqs!.endpoint };
    // The journal is needed exactly when the queue lives in this process; it is written where the
    // messages are sent and cleared where they are processed, so only a process doing both keeps it.
    const queueInProcess = sqs !== undefined;
    const journalDir = journalRoot && queueInProcess && role === 'all' ? join(journalRoot, config.TABLE_NAME) : undefined;
    service = await startService({
      config,
      secretsEnv: process.env,
      roles: { api: role !== 'workers', workers: role !== 'api', scanner: role !== 'api' },
      journalDir,
    });
    const ms = Math.round(performance.now() - started);
    const atRisk = queueInProcess && !journalDir;
    const lines = [
      '',
      `  after-sales webhook hub — ${role === 'all' ? 'API + workers' : role} ready in ${ms} ms`,
      service.url ? `  API        ${service.url}   (health: ${service.url}/health, webhooks: POST ${service.url}/webhooks/:provider)` : '',
      `  DynamoDB   ${config.DYNAMODB_ENDPOINT}  ${dynamo ? `(embedded DynamoDB Local, ${dynamoDir ? `data in ${dynamoDir}` : 'in memory'})` : '(external)'}  table ${config.TABLE_NAME}`,
      `  SQS        ${config.SQS_ENDPOINT}  ${sqs ? '(embedded fauxqs, in memory)' : '(external)'}  queues ${Object.values(service.queueUrls).map((u) => u.split('/').pop()).join(', ')}`,
      journalDir ? `  journal    ${journalDir}  (queued messages survive a crash of this process)` : '',
      atRisk ? `  at risk    messages queued but not yet processed are lost if this process dies${memory ? ' (--memory)' : ` (--role ${role}: run without --role, or use an external SQS)`}` : '',
      role !== 'api' ? `  workers    ingest + notify pollers, stall scan every ${config.STALL_SCAN_INTERVAL_SECONDS} s` : '',
      `  auth       ${config.API_TOKEN ? 'API_TOKEN required for the read API' : 'open (set API_TOKEN to protect the read API)'}`,
      '  Ctrl-C stops everything.',
      '',
    ].filter((l) => l !== '');
    process.stderr.write(`${lines.join('\n')}\n\n`);
  } catch (err) {
    if (err instanceof JavaMissingError || err instanceof ConfigError) {
      process.stderr.write(`\n${err.message}\n\n`);
    } else {
      process.stderr.write(`\nfailed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n\n`);
    }
    await shutdown(1);
  }
}

void main();
