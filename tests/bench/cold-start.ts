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

/** One cold import in a fresh process, with what the stack sets (a deployed stage: every variable a function requires). */
function importOnce(file: string): number {
  const env = { ...process.env, TABLE_NAME: 'bench-table', INGEST_QUEUE_URL: 'http://x/q', NOTIFY_QUEUE_URL: 'http://x/n', WEBHOOK_SECRETS_ID: 'bench-secrets', STALL_SCANNER_FUNCTION: 'bench-scanner', WEBHOOK_API_FUNCTION: 'bench-webhook', AWS_REGION: 'us-east-1', LOG_LEVEL: 'SILENT', STAGE: 'prod' };
  const out = execFileSync(process.execPath, ['--no-warnings', '-e', `const t=performance.now();import(${JSON.stringify(file)}).then(()=>console.log(performance.now()-t))`], { env }).toString();
  return Number(out.trim());
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Baseline and function imported in alternation, run by run, so a burst of machine noise lands on
 * both alike; the medians of each, and the median of the run-by-run ratios (the figure to trust
 * on a noisy machine).
 */
function importPair(baselineFile: string, file: string, runs: number) {
  const base: number[] = [];
  const mine: number[] = [];
  for (let i = 0; i < runs; i++) {
    base.push(importOnce(baselineFile));
    mine.push(importOnce(file));
  }
  return { base: median(base), mine: median(mine), ratio: median(mine.map((m, i) => m / base[i]!)) };
}

export async function measureColdStarts(runs: number) {
  mkdirSync(OUT, { recursive: true });
  const baselineFile = await bundle('baseline', { contents: BASELINE_SRC });
  writeFileSync(join(OUT, 'README.txt'), 'bundles built by npm run bench; not deployed\n');
  // Alternate baseline and function measurements so machine noise hits both alike.
  const rows = [];
  for (const fn of FUNCTIONS) {
    const file = await bundle(fn, { file: join(ROOT, 'functions', fn, 'handler.ts') });
    const pair = importPair(baselineFile, file, runs);
    rows.push({
      fn,
      bytes: statSync(file).size,
      baselineBytes: statSync(baselineFile).size,
      importMs: pair.mine,
      baselineImportMs: pair.base,
      importRatio: pair.ratio,
    });
  }
  return rows;
}
