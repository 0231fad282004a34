/**
 * `npm run bench` (full), `npm run bench -- --quick` (CI: under ~1.5 min, so the harness cannot
 * rot), `npm run bench -- --scale` (partition-heat model only, under a minute), `--scale-reads`
 * (read paths at 10k vs 100k complaints; slow). Every figure is measured next to its baseline in
 * the same run and reported as a ratio where timing is involved: this machine is noisy, absolute
 * times are not comparable across runs. Units, bytes and items are DynamoDB's own accounting.
 * Prints tables and writes bench-results.json. Reports; never fails on a missed target.
 */
import { writeFileSync } from 'node:fs';
import { measureAckPath } from './ack-path.ts';
import { measureColdStarts } from './cold-start.ts';
import { ASSUMED, auditObjectsPerDay, DEPLOYED, mixOf, periodicPerDay, price, PRICES, quantities, refilesPerCourierScan, storageOf, tracesPerWebhook, unitsWithRefile, workerMsPerMessage, type CostLine, type PerWebhook } from './cost.ts';
import { measureIngest } from './ingest-worker.ts';
import { extraSections } from './sections.ts';
import { complaintGrowth, readPaths, type ReadPathPoint } from './complaint-scaling.ts';
import { measureWebhookUnits, type WebhookUnits } from './webhook-units.ts';
import { LIMITS, partitionHeat, showKey, type ScaleResult } from './scale.ts';
import { DESCRIPTIONS, MIXES, type Mix, type WebhookType } from './webhooks.ts';
import { startDynamoDbLocal } from '../../lib/local/dynamodb-local.ts';
import { startSqsLocal } from '../../lib/local/sqs-local.ts';
import { loadConfig } from '../../lib/platform/config.ts';

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

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const scaleOnly = args.has('--scale');
const scaleReads = args.has('--scale-reads');
const mode = scaleOnly ? 'scale' : quick ? 'quick' : 'full';
const rows: Row[] = [];
const add = (r: Row) => {
  rows.push(r);
  console.error(`  measured: ${r.figure}`);
};
const timings: Record<string, number> = {};
let lap = performance.now();
/** Seconds each section took, so the quick run's budget can be kept an eye on. */
const took = (section: string) => {
  timings[section] = Math.round((performance.now() - lap) / 100) / 10;
  lap = performance.now();
  console.error(`  ${section}: ${timings[section]} s`);
};
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const fmt = (n: number | undefined, d = 2) => (n === undefined ? '' : String(round(n, d)));
const usd = (n: number) => `$${n < 0.01 ? n.toFixed(4) : n.toFixed(2)}`;

function table(title: string, header: string[], body: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((t) => (t[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (c ?? '').padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const t of body) console.log(line(t));
}

const BURST = { activeShipments: 10_000_000, burstPerSecond: 5_000, quarantineShare: 0.01 };
const QUIET = { webhooksPerDay: 10_000, openComplaints: 1_000 };
/** The README's "1 M webhooks a month": batches of one at ~0.4/s, the periodic work spread over it. */
const MONTHLY = { webhooksPerDay: 1_000_000 / 30.44 };
const report: Record<string, unknown> = { mode, node: process.version, at: new Date().toISOString(), prices: PRICES, deployed: DEPLOYED, assumed: ASSUMED };

console.error(`benchmark (${mode}${scaleReads ? ', scale-reads' : ''}) on ${process.version}, ${PRICES.region} prices`);

if (!scaleOnly) {
  // Quick: three short rounds, not one: a single 2 s round's p99 and throughput ratios swung 1.1–1.65× and 0.64–0.84× run to run here.
  const ack = await measureAckPath(quick ? { seconds: 2, rounds: 3, connections: 10 } : { seconds: 8, rounds: 3, connections: 20 });
  add({ figure: 'ack path p50 latency', value: ack.ours.p50, baseline: ack.baseline.p50, unit: 'ms', ratio: round(ack.ours.p50 / ack.baseline.p50), target: 'informational' });
  add({ figure: 'ack path p99 latency', value: ack.ours.p99, baseline: ack.baseline.p99, unit: 'ms', ratio: round(ack.ours.p99 / ack.baseline.p99), target: '≤ 1.2×', met: ack.ours.p99 / ack.baseline.p99 <= 1.2 });
  add({ figure: 'ack path throughput', value: round(ack.ours.rps), baseline: round(ack.baseline.rps), unit: 'req/s', ratio: round(ack.ours.rps / ack.baseline.rps), target: '≥ 0.8×', met: ack.ours.rps / ack.baseline.rps >= 0.8 });
  add({ figure: 'ack path non-2xx answers', value: ack.ours.non2xx, unit: 'count', target: '0', met: ack.ours.non2xx === 0 });
  add({ figure: 'ack path I/O round trips per delivery', value: ack.roundTripsPerDelivery, baseline: 1, unit: 'calls', ratio: ack.roundTripsPerDelivery, target: '1', met: ack.roundTripsPerDelivery <= 1 });
  took('ack path');
}

const [dynamo, sqs] = await Promise.all([startDynamoDbLocal(), startSqsLocal()]);
const endpoints = { dynamo: dynamo.endpoint, sqs: sqs.endpoint };
try {
  // 1. Units per webhook type, DynamoDB's consumed-capacity reports (child process: clean CPU figures).
  const units: WebhookUnits = await measureWebhookUnits(endpoints, scaleOnly ? 6 : quick ? 4 : 30, quick ? 1 : 2);
  took('units per webhook type');
  const byType = new Map(units.results.map((r) => [r.type, r]));
  report.projections = units.projections;
  report.perWebhook = units.results.map(({ samples: _s, ...r }) => r);
  const gsis = Object.keys(units.projections);
  table(
    `1. Per webhook type: DynamoDB units from consumed-capacity reports (INDEXES), n=${units.results[0]?.n} each; GSI projections: ${gsis.map((g) => `${g} ${units.projections[g]!.type}`).join(', ')}`,
    ['webhook type', 'WRU', 'table', ...gsis, 'RRU', 'calls', 'seq. round trips', 'items written (bytes)', 'msg bytes', 'CPU api/worker ms (worker in a batch of 10)', 'log bytes', 'floor WRU'],
    units.results.map((r) => [
      r.type,
      fmt(r.writes.total, 1),
      fmt(r.writes.table, 1),
      ...gsis.map((g) => fmt(r.writes.gsi[g] ?? 0, 1)),
      fmt(r.reads.total, 1),
      fmt(r.calls, 1),
      fmt(r.sequentialRoundTrips, 1),
      Object.entries(r.items).map(([e, it]) => `${e} ${Math.round(it.meanBytes)}`).join(', '),
      fmt(r.messageBytes, 0),
      `${fmt(r.cpuApiMs, 1)} / ${fmt(r.cpuWorkerMs, 1)} (${fmt(r.batched.cpuWorkerMs, 1)})`,
      fmt(r.logBytesApi + r.logBytesWorker, 0),
      fmt(r.floor.writes.total, 1),
    ]),
  );
  for (const t of Object.keys(DESCRIPTIONS) as WebhookType[]) console.log(`   ${t}: ${DESCRIPTIONS[t]}`);
  const courier = byType.get('courier_update')!;
  const creating = byType.get('aftersales_request')!;
  add({ figure: 'sequential DynamoDB round trips: routine courier update', value: round(courier.sequentialRoundTrips), baseline: 1, unit: 'round trips', ratio: round(courier.sequentialRoundTrips), target: '≤ 3', met: courier.sequentialRoundTrips <= 3 });
  add({ figure: 'sequential DynamoDB round trips: new complaint (shop request)', value: round(creating.sequentialRoundTrips), baseline: 1, unit: 'round trips', ratio: round(creating.sequentialRoundTrips), target: '≤ 4', met: creating.sequentialRoundTrips <= 4 });
  type WruSplit = { ours: number; floor: number; gsi: number; evt: number; surplus: number };
  const mixWru = mixOf<WruSplit>(
    MIXES.realistic,
    Object.fromEntries(
      units.results.map((r) => {
        const { writes } = unitsWithRefile(r);
        return [r.type, { ours: writes.total, floor: r.floor.writes.total, gsi: writes.total - writes.table, evt: (r.items.EVT?.perWebhook ?? 0) > 0 ? Math.ceil((r.items.EVT?.meanBytes ?? 0) / 1024) : 0, surplus: r.transactionIndexSurplus }];
      }),
    ) as Partial<Record<WebhookType, WruSplit>>,
  );
  if (courier.refile) {
    console.log(
      `   courier_update keeps its parcel's stall entry; the scanner refiles it when the entry comes due: ${fmt(courier.refile.writes.total, 1)} WRU + ${fmt(courier.refile.reads.total, 1)} RRU per refile, once every ${fmt(1 / refilesPerCourierScan(), 1)} scans (a scan every ${ASSUMED.courierScanIntervalHours} h, assumed) → +${fmt(courier.refile.writes.total * refilesPerCourierScan(), 2)} WRU per courier scan in the figures below`,
    );
  }
  add({ figure: 'write units per webhook, realistic mix (GSIs included)', value: round(mixWru.ours), baseline: round(mixWru.floor), unit: 'WRU', ratio: round(mixWru.ours / mixWru.floor), target: 'informational' });
  add({ figure: '  of which GSI maintenance / raw record', value: round(mixWru.gsi), baseline: round(mixWru.evt), unit: 'WRU', target: 'informational' });
  console.log(
    `   index writes inside transactions count once (DynamoDB propagates them after the commit; capacity.ts). Counted twice, as DynamoDB Local reports them: +${fmt(mixWru.surplus, 2)} WRU per webhook, +${usd(mixWru.surplus * PRICES.dynamoPerMillionWriteUnits)} per million`,
  );
  report.transactionIndexSurplus = { wruPerWebhook: mixWru.surplus, usdPerMillion: mixWru.surplus * PRICES.dynamoPerMillionWriteUnits };

  // 3. Partition heat at the burst (cheap; runs in every mode).
  const heat: ScaleResult = partitionHeat(units, MIXES.realistic, { ...BURST, seconds: quick ? 2 : 10, now: new Date() });
  took('partition heat');
  report.scale = heat;
  table(
    `3. Partition heat at ${BURST.burstPerSecond.toLocaleString('en')} webhooks/s over ${(BURST.activeShipments / 1e6).toFixed(0)} M active shipments (realistic mix; model checked against DynamoDB Local: ${heat.check.map((c) => `${c.type} ${round(c.modelled, 1)}/${round(c.measured, 1)}`).join(', ')} WRU; complaint key mirror mismatches: ${heat.keyMismatches}; ${Math.round(heat.ms)} ms)`,
    ['index', 'WCU/s total', 'hottest partition key', 'WCU/s', `vs ${LIMITS.partitionWcu} limit`, `≤ ${LIMITS.targetWcu} target`, 'next hottest'],
    heat.indexes.map((i) => [
      i.index,
      fmt(i.totalWcuPerS, 0),
      showKey(i.hottest[0]?.key ?? '-'),
      fmt(i.hottest[0]?.wcuPerS ?? 0, 0),
      `${fmt(((i.hottest[0]?.wcuPerS ?? 0) / LIMITS.partitionWcu) * 100, 0)}%`,
      (i.hottest[0]?.wcuPerS ?? 0) <= LIMITS.targetWcu ? 'yes' : 'NO',
      i.hottest.slice(1).map((h) => `${showKey(h.key)} ${fmt(h.wcuPerS, 0)}`).join('; '),
    ]),
  );
  console.log(`   table + GSIs: ${fmt(heat.totalWcuPerS, 0)} WCU/s; base table ${fmt(heat.indexes[0]!.totalWcuPerS, 0)} WCU/s vs the ${LIMITS.tableQuotaWcu.toLocaleString('en')} per-table on-demand default quota; quarantine at ${BURST.quarantineShare * 100}% of the burst: ${heat.quarantine ? `${showKey(heat.quarantine.key)} ${fmt(heat.quarantine.wcuPerS, 0)} WCU/s` : 'no index write'}`);
  const hottest = heat.indexes.map((i) => ({ index: i.index, ...i.hottest[0]! })).filter((h) => h.key).sort((a, b) => b.wcuPerS - a.wcuPerS)[0];
  if (hottest) add({ figure: `hottest partition key at the burst: ${hottest.index} ${showKey(hottest.key)}`, value: round(hottest.wcuPerS, 0), baseline: LIMITS.partitionWcu, unit: 'WCU/s', ratio: round(hottest.wcuPerS / LIMITS.partitionWcu), target: `≤ ${LIMITS.targetWcu}`, met: hottest.wcuPerS <= LIMITS.targetWcu });
  add({ figure: 'base table WCU/s at the burst', value: round(heat.indexes[0]!.totalWcuPerS, 0), baseline: LIMITS.tableQuotaWcu, unit: 'WCU/s', ratio: round(heat.indexes[0]!.totalWcuPerS / LIMITS.tableQuotaWcu), target: `≤ ${LIMITS.tableQuotaWcu.toLocaleString('en')} (quota)`, met: heat.indexes[0]!.totalWcuPerS <= LIMITS.tableQuotaWcu });

  if (!scaleOnly) {
    for (const mix of ['complaint-heavy', 'realistic'] as const) {
      const ingest = await measureIngest(endpoints, quick ? 200 : 2000, mix);
      add({ figure: `ingest worker throughput (${mix} mix)`, value: round(ingest.oursEventsPerS), baseline: round(ingest.baselineEventsPerS), unit: 'events/s', ratio: round(ingest.oursEventsPerS / ingest.baselineEventsPerS), target: '≥ 0.8×', met: ingest.oursEventsPerS / ingest.baselineEventsPerS >= 0.8 });
    }
    took('ingest throughput');

    // 4. Complaint growth.
    const checkpoints = quick ? [1, 50, 100] : [1, 50, 200, 500];
    const growth = await complaintGrowth(endpoints, checkpoints);
    took('complaint growth');
    report.growth = growth;
    table(
      '4. One logistics complaint through N courier events (first: exception, then routine scans), real webhook path',
      ['events', 'complaint item bytes', 'complaint write WRU (table + GSIs)', 'whole webhook WRU'],
      growth.points.map((p) => [String(p.events), String(p.itemBytes), fmt(p.complaintWriteUnits, 0), fmt(p.webhookWriteUnits, 0)]),
    );
    if (growth.failedAt) console.log(`   event ${growth.failedAt.events} failed: ${growth.failedAt.error}`);
    const [first, lastPoint] = [growth.points[0], growth.points.at(-1)];
    if (first && lastPoint) {
      add({ figure: `complaint item after ${lastPoint.events} courier events`, value: lastPoint.itemBytes, baseline: first.itemBytes, unit: 'bytes', ratio: round(lastPoint.itemBytes / first.itemBytes), target: '< 20 KB at 500', met: lastPoint.itemBytes < 20 * 1024 });
      add({ figure: `complaint append cost at event ${lastPoint.events} vs event 1`, value: lastPoint.complaintWriteUnits, baseline: first.complaintWriteUnits, unit: 'WRU', ratio: round(lastPoint.complaintWriteUnits / first.complaintWriteUnits), target: 'same (1×)', met: lastPoint.complaintWriteUnits <= first.complaintWriteUnits });
    }

    // 5. Read paths at two sizes.
    const sizes = scaleReads ? [10_000, 100_000] : quick ? [QUIET.openComplaints, 3_000] : [QUIET.openComplaints, 10_000];
    const reads: ReadPathPoint[] = [];
    for (const n of sizes) reads.push(await readPaths(endpoints, n));
    // The quiet stream's periodic reads are always those at its own complaint count.
    const quietReads = reads.find((r) => r.complaints === QUIET.openComplaints) ?? (await readPaths(endpoints, QUIET.openComplaints));
    took('read paths');
    report.readPaths = reads;
    table(
      '5. Read paths by complaint count (a SKU per 5 complaints, a batch per 20; GET /stats through the app; the stall-scanner run: stall scan + SLA check + open-alert count)',
      ['complaints', '/stats RRU', '/stats items read', '/stats calls', '/stats ms', '?breakdown=sku,batch items read', 'sweep RRU', 'sweep items read', 'sweep calls', 'sweep ms'],
      reads.map((r) => [r.complaints.toLocaleString('en'), fmt(r.stats.readUnits, 1), String(r.stats.itemsRead), String(r.stats.calls), fmt(r.stats.ms, 0), String(r.breakdown.itemsRead), fmt(r.sweep.readUnits, 1), String(r.sweep.itemsRead), String(r.sweep.calls), fmt(r.sweep.ms, 0)]),
    );
    const [r1, r2] = [reads[0]!, reads[1]!];
    const ratioLabel = `@${r2.complaints.toLocaleString('en')} vs @${r1.complaints.toLocaleString('en')} complaints`;
    add({ figure: `GET /stats items read ${ratioLabel}`, value: r2.stats.itemsRead, baseline: r1.stats.itemsRead, unit: 'items', ratio: round(r2.stats.itemsRead / Math.max(1, r1.stats.itemsRead)), target: 'same (O(1))', met: r2.stats.itemsRead <= r1.stats.itemsRead * 1.1 });
    add({ figure: `SLA sweep items read ${ratioLabel}`, value: r2.sweep.itemsRead, baseline: r1.sweep.itemsRead, unit: 'items', ratio: round(r2.sweep.itemsRead / Math.max(1, r1.sweep.itemsRead)), target: 'same (O(due))', met: r2.sweep.itemsRead <= r1.sweep.itemsRead * 1.1 });

    // 2. Cost per million webhooks, realistic mix at burst batching and a quiet stream.
    const ttlDays = loadConfig({}).RAW_EVENT_TTL_DAYS;
    const GB = 1024 ** 3;
    const costs = (batch: number, perSecond: number) => {
      const ours: Partial<Record<WebhookType, PerWebhook>> = {};
      const floor: Partial<Record<WebhookType, PerWebhook>> = {};
      for (const r of units.results) {
        const floorGbMonths = ((r.floor.messageBytes + 150) / GB) * (ttlDays / 30.44);
        const floorStorage = { gbMonths: floorGbMonths, tableGbMonths: floorGbMonths };
        const q = quantities(r, storageOf(r, units.projections, ttlDays), floorStorage, batch, perSecond, ttlDays);
        ours[r.type] = q.ours;
        floor[r.type] = q.floor;
      }
      return { ours, floor };
    };
    // Audit objects are per provider partition: the mix's share of audited deliveries by provider.
    const auditProviderShares: Record<string, number> = {};
    for (const r of units.results) if (r.auditBytes) auditProviderShares[r.provider] = (auditProviderShares[r.provider] ?? 0) + (MIXES.realistic[r.type as keyof typeof MIXES.realistic] ?? 0);
    const burst = costs(DEPLOYED.ingestBatchSize, BURST.burstPerSecond);
    const quiet = costs(1, QUIET.webhooksPerDay / 86_400);
    const monthly = costs(1, MONTHLY.webhooksPerDay / 86_400);
    const sweepAt = (webhooksPerDay: number) => periodicPerDay({ readUnitsPerSweep: quietReads.sweep.readUnits, cpuMsPerSweep: quietReads.sweep.cpuMs, webhooksPerDay, auditProviderShares });
    // The floor's periodic cost: one queue's idle polls, whatever the rate.
    const floorPeriodic = periodicPerDay({ readUnitsPerSweep: 0, cpuMsPerSweep: 0, webhooksPerDay: 0, auditProviderShares: {} }).polling / DEPLOYED.polledQueues;
    const sweep = sweepAt(QUIET.webhooksPerDay);
    const lineOf = (per: Partial<Record<WebhookType, PerWebhook>>, mix: Mix, periodic = 0): CostLine => price(mixOf(mix, per as Record<WebhookType, PerWebhook & Record<string, number>>), periodic);
    const cost = {
      realistic: lineOf(burst.ours, MIXES.realistic),
      realisticFloor: lineOf(burst.floor, MIXES.realistic),
      quiet: lineOf(quiet.ours, MIXES.realistic, sweep.total / QUIET.webhooksPerDay),
      quietFloor: lineOf(quiet.floor, MIXES.realistic, floorPeriodic / QUIET.webhooksPerDay),
      monthly: lineOf(monthly.ours, MIXES.realistic, sweepAt(MONTHLY.webhooksPerDay).total / MONTHLY.webhooksPerDay),
      monthlyFloor: lineOf(monthly.floor, MIXES.realistic, floorPeriodic / MONTHLY.webhooksPerDay),
      perType: Object.fromEntries(units.results.map((r) => [r.type, { ours: price(burst.ours[r.type]!), floor: price(burst.floor[r.type]!) }])),
      quietStream: { ...QUIET, sweepPerDay: sweep },
      mix: MIXES.realistic,
    };
    report.cost = cost;
    const comps = Object.keys(cost.realistic) as (keyof CostLine)[];
    table(
      `2. Cost per million webhooks (USD, ${PRICES.region}; mix ${Object.entries(MIXES.realistic).map(([k, v]) => `${k} ${round(v * 100, 1)}%`).join(', ')}; quiet: ${QUIET.webhooksPerDay.toLocaleString('en')} webhooks/day, ${QUIET.openComplaints.toLocaleString('en')} complaints, batches of 1)`,
      ['component', 'realistic mix', 'floor', '1 M a month', 'floor (1 M a month)', 'quiet stream', 'floor (quiet)'],
      comps.map((k) => [k, usd(cost.realistic[k]), usd(cost.realisticFloor[k]), usd(cost.monthly[k]), usd(cost.monthlyFloor[k]), usd(cost.quiet[k]), usd(cost.quietFloor[k])]),
    );
    // What `-c tracing=all` would add (Lambda samples 1 a second + 5%: nearly every webhook below 1/s).
    const tracedAll = (batch: number, perSecond: number) => tracesPerWebhook(batch, perSecond) * PRICES.xrayPerMillionTraces;
    console.log(`   X-Ray on webhook-api and ingest-worker (-c tracing=all) would add $${tracedAll(DEPLOYED.ingestBatchSize, BURST.burstPerSecond).toFixed(2)} per million at the burst, $${tracedAll(1, MONTHLY.webhooksPerDay / 86_400).toFixed(2)} at 1 M a month; audit objects at 1 M a month: ${Math.round(auditObjectsPerDay(MONTHLY.webhooksPerDay, auditProviderShares))} a day (buffer ${DEPLOYED.auditBufferSeconds} s)`);
    table(
      '   per webhook type (burst batching)',
      ['webhook type', 'ours $/M', 'floor $/M', 'ratio', 'DynamoDB share of ours'],
      units.results.map((r) => {
        const c = cost.perType[r.type]!;
        return [r.type, usd(c.ours.total), usd(c.floor.total), fmt(c.ours.total / c.floor.total), `${fmt(((c.ours.dynamoWrites + c.ours.dynamoReads) / c.ours.total) * 100, 0)}%`];
      }),
    );
    add({ figure: 'cost per million webhooks, realistic mix', value: round(cost.realistic.total), baseline: round(cost.realisticFloor.total), unit: 'USD', ratio: round(cost.realistic.total / cost.realisticFloor.total), target: '≤ $5.00', met: cost.realistic.total <= 5 });
    add({ figure: 'cost per million webhooks, 1 M a month (periodic work included)', value: round(cost.monthly.total), baseline: round(cost.monthlyFloor.total), unit: 'USD', ratio: round(cost.monthly.total / cost.monthlyFloor.total), target: 'informational' });
    add({ figure: 'cost per million webhooks, quiet stream', value: round(cost.quiet.total), baseline: round(cost.quietFloor.total), unit: 'USD', ratio: round(cost.quiet.total / cost.quietFloor.total), target: 'informational' });

    // What this machine cannot run: the deployed drain at the burst, from the measured worker CPU and
    // round trips per type (the same quantities the cost uses), at the stack's memory and concurrency.
    const drainAt = (memoryMb: number) => {
      const eventsPerS = (cpuMs: (r: (typeof units.results)[number]) => number, trips: (r: (typeof units.results)[number]) => number) => {
        const perType = Object.fromEntries(units.results.map((r) => [r.type, { ms: workerMsPerMessage(cpuMs(r), trips(r), DEPLOYED.ingestBatchSize, memoryMb) }]));
        return (DEPLOYED.ingestMaxConcurrency * 1000) / mixOf<{ ms: number }>(MIXES.realistic, perType).ms;
      };
      // CPU per message as measured in batches of the deployed size (their shared requests included)
      return { ours: eventsPerS((r) => r.batched.cpuWorkerMs, (r) => r.sequentialRoundTrips), floor: eventsPerS((r) => r.batched.floorCpuWorkerMs, () => 1) };
    };
    // the deployed size against the burst, and the other functions' size for comparison
    for (const memoryMb of new Set([DEPLOYED.ingestWorkerMemoryMb, DEPLOYED.webhookApiMemoryMb])) {
      const d = drainAt(memoryMb);
      const deployed = memoryMb === DEPLOYED.ingestWorkerMemoryMb;
      add({ figure: `ingest drain, model: ${memoryMb} MB × ${DEPLOYED.ingestMaxConcurrency} concurrent${deployed ? ' (deployed)' : ''}`, value: Math.round(d.ours), baseline: Math.round(d.floor), unit: 'events/s', ratio: round(d.ours / d.floor), target: deployed ? `≥ ${BURST.burstPerSecond.toLocaleString('en')} (the burst)` : 'informational', met: deployed ? d.ours >= BURST.burstPerSecond : undefined });
    }

    for (const r of await extraSections(endpoints, quick)) add(r);
    took('stall scan, fan-out, worker memory');
    const cold = await measureColdStarts(quick ? 5 : 11);
    for (const c of cold) {
      // Issue 13: the public function ≤ 1.3× in bytes and import time, every other function (desk included) ≤ 1.5× in bytes.
      const limit = c.fn === 'webhook-api' ? 1.3 : 1.5;
      add({ figure: `bundle size: ${c.fn}`, value: c.bytes, baseline: c.baselineBytes, unit: 'bytes', ratio: round(c.bytes / c.baselineBytes), target: `≤ ${limit}×`, met: c.bytes / c.baselineBytes <= limit });
      // The ratio is the median of run-by-run ratios (baseline and function imported in alternation), not a ratio of medians.
      add({ figure: `cold import time: ${c.fn}`, value: round(c.importMs, 1), baseline: round(c.baselineImportMs, 1), unit: 'ms', ratio: round(c.importRatio), target: c.fn === 'webhook-api' ? '≤ 1.3×' : 'informational', met: c.fn === 'webhook-api' ? c.importRatio <= 1.3 : undefined });
    }
  }
  if (!scaleOnly) took('cold starts');
  report.rows = rows;
  report.timings = timings;
  writeFileSync('bench-results.json', `${JSON.stringify(report, null, 2)}\n`);
} finally {
  await Promise.allSettled([sqs.stop(), dynamo.stop()]);
}

table(
  'Summary (ratios against same-run baselines; targets from issue 16)',
  ['figure', 'value', 'baseline', 'unit', 'ratio', 'target', 'met'],
  rows.map((r) => [r.figure, fmt(r.value), fmt(r.baseline), r.unit, fmt(r.ratio), r.target, r.met === undefined ? '' : r.met ? 'yes' : 'NO']),
);
console.log('\nwritten: bench-results.json');
process.exit(0);
