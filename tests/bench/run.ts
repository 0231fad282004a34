/**
 * `npm run bench` (full, < 10 min) and `npm run bench -- --quick` (< 1 min, run by CI so the
 * harness cannot rot). Every figure is measured next to its baseline in the same run and reported
 * as a ratio: this machine is noisy, absolute numbers are not comparable across runs.
 * Prints a table and writes bench-results.json. Reports; never fails on a missed target.
 */
import { writeFileSync } from 'node:fs';
import { measureAckPath } from './ack-path.ts';
import { measureColdStarts } from './cold-start.ts';
import { costPerMillion, PRICES } from './cost.ts';
import { measureIngest } from './ingest-worker.ts';
import { extraSections } from './sections.ts';
import { startDynamoDbLocal } from '../../lib/local/dynamodb-local.ts';
import { startSqsLocal } from '../../lib/local/sqs-local.ts';

export interface Row {
  figure: string;
  value: number;
  baseline?: number;
  unit: string;
  /** value/baseline, or the value itself for absolute targets */
  ratio?: number;
  target: string;
  met?: boolean;
}

const quick = process.argv.includes('--quick');
const rows: Row[] = [];
const add = (r: Row) => {
  rows.push(r);
  console.error(`  measured: ${r.figure}`);
};
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

console.error(`benchmark (${quick ? 'quick' : 'full'}) on ${process.version}, ${PRICES.region} prices`);

const ack = await measureAckPath(quick ? { seconds: 2, rounds: 1, connections: 10 } : { seconds: 8, rounds: 3, connections: 20 });
add({ figure: 'ack path p50 latency', value: ack.ours.p50, baseline: ack.baseline.p50, unit: 'ms', ratio: round(ack.ours.p50 / ack.baseline.p50), target: 'informational' });
add({ figure: 'ack path p99 latency', value: ack.ours.p99, baseline: ack.baseline.p99, unit: 'ms', ratio: round(ack.ours.p99 / ack.baseline.p99), target: '≤ 1.2×', met: ack.ours.p99 / ack.baseline.p99 <= 1.2 });
add({ figure: 'ack path throughput', value: round(ack.ours.rps), baseline: round(ack.baseline.rps), unit: 'req/s', ratio: round(ack.ours.rps / ack.baseline.rps), target: '≥ 0.8×', met: ack.ours.rps / ack.baseline.rps >= 0.8 });
add({ figure: 'ack path non-2xx answers', value: ack.ours.non2xx, unit: 'count', target: '0', met: ack.ours.non2xx === 0 });
add({ figure: 'ack path I/O round trips per delivery', value: ack.roundTripsPerDelivery, baseline: 1, unit: 'calls', ratio: ack.roundTripsPerDelivery, target: '1', met: ack.roundTripsPerDelivery <= 1 });

const [dynamo, sqs] = await Promise.all([startDynamoDbLocal(), startSqsLocal()]);
try {
  const ingest = await measureIngest({ dynamo: dynamo.endpoint, sqs: sqs.endpoint }, quick ? 200 : 2000);
  add({ figure: 'ingest worker throughput', value: round(ingest.oursEventsPerS), baseline: round(ingest.baselineEventsPerS), unit: 'events/s', ratio: round(ingest.oursEventsPerS / ingest.baselineEventsPerS), target: '≥ 0.7×', met: ingest.oursEventsPerS / ingest.baselineEventsPerS >= 0.7 });
  for (const [kind, w] of Object.entries(ingest.writesPerEvent)) {
    add({ figure: `DynamoDB writes per event: ${kind}`, value: round(w), unit: 'writes', target: kind === 'tracking_update' ? '≤ 2' : 'informational', met: kind === 'tracking_update' ? w <= 2 : undefined });
  }
  for (const r of await extraSections({ dynamo: dynamo.endpoint, sqs: sqs.endpoint }, quick)) add(r);

  const cold = await measureColdStarts(quick ? 3 : 7);
  for (const c of cold) {
    add({ figure: `bundle size: ${c.fn}`, value: c.bytes, baseline: c.baselineBytes, unit: 'bytes', ratio: round(c.bytes / c.baselineBytes), target: c.fn === 'webhook-api' ? '≤ 1.3×' : 'informational', met: c.fn === 'webhook-api' ? c.bytes / c.baselineBytes <= 1.3 : undefined });
    add({ figure: `cold import time: ${c.fn}`, value: round(c.importMs, 1), baseline: round(c.baselineImportMs, 1), unit: 'ms', ratio: round(c.importMs / c.baselineImportMs), target: c.fn === 'webhook-api' ? '≤ 1.3×' : 'informational', met: c.fn === 'webhook-api' ? c.importMs / c.baselineImportMs <= 1.3 : undefined });
  }

  // Cost per million webhooks from the measured counts: one API request + webhook Lambda, one
  // SendMessage; the ingest worker in batches of 10 (receive + delete per batch), its reads/writes.
  const writes = ingest.writesPerEvent;
  const avgWrites = (writes.new_complaint + writes.timeline_append + writes.tracking_update) / 3;
  const cost = costPerMillion({
    invocations: [
      { count: 1, durationMs: Math.max(1, ack.ours.p50), memoryMb: 512 },
      { count: 0.1, durationMs: (ingest.oursMs / (quick ? 200 : 2000)) * 10, memoryMb: 512 },
    ],
    apiRequests: 1,
    sqsRequests: 1 + 0.2,
    dynamoWriteUnits: avgWrites,
    dynamoReadUnits: 1,
  });
  add({ figure: 'cost per million webhooks (USD)', value: round(cost.total), unit: 'USD', target: 'informational' });
  const report = { quick, node: process.version, at: new Date().toISOString(), prices: PRICES, rows, cost };
  writeFileSync('bench-results.json', `${JSON.stringify(report, null, 2)}\n`);
} finally {
  await Promise.allSettled([sqs.stop(), dynamo.stop()]);
}

const fmt = (n: number | undefined) => (n === undefined ? '' : String(n));
const header = ['figure', 'value', 'baseline', 'unit', 'ratio', 'target', 'met'];
const table = rows.map((r) => [r.figure, fmt(r.value), fmt(r.baseline), r.unit, fmt(r.ratio), r.target, r.met === undefined ? '' : r.met ? 'yes' : 'NO']);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const t of table) console.log(line(t));
console.log('\nwritten: bench-results.json');
process.exit(0);
