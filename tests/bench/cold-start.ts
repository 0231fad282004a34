import { bundleFunction, FUNCTION_NAMES } from '../helpers/lambda-bundle.ts';
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Bundles every Lambda entry point with the options the CDK stack uses (ESM, minified, node22,
 * arm64 is irrelevant to JS) and a baseline: Hono + DynamoDB document client + SQS client, same
 * options. Import time is measured in fresh Node processes (median of N), i.e. the module-init
 * part of a cold start.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'cdk.out', 'bench-bundles');
/** Every Lambda (the desk included), one list with the bundle tests. */
export const FUNCTIONS = FUNCTION_NAMES;

const BASELINE_SRC = `
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const sqs = new SQSClient({});
const app = new Hono();
app.post('/x', (c) => c.json({ ok: !!ddb && !!sqs }));
export const handler = handle(app);
`;

/** Same esbuild options as the CDK stack (tests/helpers/lambda-bundle.ts is the one copy of them). */
async function bundle(name: string, entry: { file?: string; contents?: string }): Promise<string> {
  const outfile = join(OUT, name, 'index.mjs');
  await bundleFunction(entry.contents ? { contents: entry.contents } : { name }, outfile);
  return outfile;
}

function importMs(file: string, runs: number): number {
  // What the stack sets (a deployed stage: every variable a function requires must be there; the desk
  // needs TABLE_NAME and NOTIFY_QUEUE_URL, operator-api also the two function names).
  const env = { ...process.env, TABLE_NAME: 'bench-table', INGEST_QUEUE_URL: 'http://x/q', NOTIFY_QUEUE_URL: 'http://x/n', WEBHOOK_SECRETS_ID: 'bench-secrets', STALL_SCANNER_FUNCTION: 'bench-scanner', WEBHOOK_API_FUNCTION: 'bench-webhook', AWS_REGION: 'us-east-1', LOG_LEVEL: 'SILENT', STAGE: 'prod' };
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['--no-warnings', '-e', `const t=performance.now();import(${JSON.stringify(file)}).then(()=>console.log(performance.now()-t))`], { env }).toString();
    times.push(Number(out.trim()));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export async function measureColdStarts(runs: number) {
  mkdirSync(OUT, { recursive: true });
  const baselineFile = await bundle('baseline', { contents: BASELINE_SRC });
  writeFileSync(join(OUT, 'README.txt'), 'bundles built by npm run bench; not deployed\n');
  // Alternate baseline and function measurements so machine noise hits both alike.
  const rows = [];
  for (const fn of FUNCTIONS) {
    const file = await bundle(fn, { file: join(ROOT, 'functions', fn, 'handler.ts') });
    const base = importMs(baselineFile, runs);
    const mine = importMs(file, runs);
    rows.push({
      fn,
      bytes: statSync(file).size,
      baselineBytes: statSync(baselineFile).size,
      importMs: mine,
      baselineImportMs: base,
    });
  }
  return rows;
}
