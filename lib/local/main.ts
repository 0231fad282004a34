import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from '../platform/config.ts';
import { startDynamoDbLocal, JavaMissingError, type RunningDynamoDb } from './dynamodb-local.ts';
import { startSqsLocal, type RunningSqs } from './sqs-local.ts';
import { startService, type RunningService } from './service.ts';

/**
 * `npm start`: the whole service on one laptop. DynamoDB Local (Java) and the fauxqs SQS emulator
 * start embedded unless DYNAMODB_ENDPOINT / SQS_ENDPOINT point elsewhere.
 *   npm start -- --persist [dir]    keep DynamoDB data on disk (default .data/dynamodb)
 *   npm start -- --role api|workers run only the HTTP API or only the queue workers + stall timer
 */
async function main() {
  const { values } = parseArgs({
    options: { persist: { type: 'string' }, role: { type: 'string', default: 'all' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: false,
    strict: false,
  });
  if (values.help) {
    console.log('usage: npm start [-- --persist [dir]] [-- --role all|api|workers]');
    return;
  }
  const persistDir = values.persist === undefined ? undefined : typeof values.persist === 'string' && values.persist ? values.persist : '.data/dynamodb';
  const role = String(values.role ?? 'all');
  if (!['all', 'api', 'workers'].includes(role)) throw new ConfigError(`--role must be all, api or workers (got ${role})`);
  // `--persist` with no value is parsed as a boolean by parseArgs.
  const persist = process.argv.includes('--persist') ? (persistDir ?? '.data/dynamodb') : undefined;

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
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  // Last line of defence: never leave a Java process behind, even on an uncaught crash.
  process.on('exit', () => dynamo?.process.kill('SIGKILL'));

  try {
    const started = performance.now();
    [dynamo, sqs] = await Promise.all([
      config.DYNAMODB_ENDPOINT ? undefined : startDynamoDbLocal({ dataDir: persist }),
      config.SQS_ENDPOINT ? undefined : startSqsLocal(),
    ]);
    config = { ...config, DYNAMODB_ENDPOINT: config.DYNAMODB_ENDPOINT ?? dynamo!.endpoint, SQS_ENDPOINT: config.SQS_ENDPOINT ?? sqs!.endpoint };
    service = await startService({
      config,
      secretsEnv: process.env,
      roles: { api: role !== 'workers', workers: role !== 'api', scanner: role !== 'api' },
    });
    const ms = Math.round(performance.now() - started);
    const lines = [
      '',
      `  after-sales webhook hub — ${role === 'all' ? 'API + workers' : role} ready in ${ms} ms`,
      service.url ? `  API        ${service.url}   (health: ${service.url}/health, webhooks: POST ${service.url}/webhooks/:provider)` : '',
      `  DynamoDB   ${config.DYNAMODB_ENDPOINT}  ${dynamo ? `(embedded DynamoDB Local, ${persist ? `data in ${persist}` : 'in memory'})` : '(external)'}  table ${config.TABLE_NAME}`,
      `  SQS        ${config.SQS_ENDPOINT}  ${sqs ? '(embedded fauxqs)' : '(external)'}  queues ${Object.values(service.queueUrls).map((u) => u.split('/').pop()).join(', ')}`,
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
