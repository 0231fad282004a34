import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { signers } from '../../events/signers/index.ts';
import { EVENTS_DIR } from '../../events/samples.ts';
import { PROVIDER_IDS, type ProviderId } from '../intake/providers/index.ts';
import { collectDeliveries, expectedDeliveryId, toCapturedLine, type Delivery } from './deliveries.ts';
import { createAwsClients } from '../platform/aws-clients.ts';
import { loadConfig } from '../platform/config.ts';
import { redrive } from './redrive.ts';
import { OPERATORS_USAGE, operatorsCommand, OperatorsUsageError } from './operators.ts';

const USAGE = `usage: aftersales-hub <command> [options]

  replay <file|folder|capture.jsonl>...  post signed samples or captured deliveries
         [--url http://127.0.0.1:3000] [--concurrency 4] [--token T]
  sign <provider> <file>                 print the headers a provider would send for <file>
  sign-all [provider]                    print every sample in events/ as signed JSONL
  scan [--url ...]                       trigger a stall scan on a running service
  tail [--url ...] [--interval 2]        follow new complaints
  redrive --queue ingest|notify          move dead-lettered messages back to their queue
         [--dry-run] [--limit N]         (SQS directly: SQS_ENDPOINT / AWS credentials, TABLE_NAME;
         [--source-url U] [--dlq-url U]   deployed, INGEST_QUEUE_URL / NOTIFY_QUEUE_URL or --source-url)
${OPERATORS_USAGE}

exit codes: 0 ok, 1 some deliveries rejected / request failed, 2 usage or connection error`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string', default: process.env.HUB_URL ?? 'http://127.0.0.1:3000' },
      concurrency: { type: 'string', default: '4' },
      token: { type: 'string', default: process.env.API_TOKEN },
      interval: { type: 'string', default: '2' },
      queue: { type: 'string' },
      'dry-run': { type: 'boolean' },
      limit: { type: 'string' },
      'source-url': { type: 'string' },
      'dlq-url': { type: 'string' },
      role: { type: 'string' },
      table: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const url = String(values.url).replace(/\/$/, '');
  const auth: Record<string, string> = values.token ? { authorization: `Bearer ${values.token}` } : {};
  switch (command) {
    case 'replay':
      if (rest.length === 0) throw new UsageError('replay needs at least one file or folder');
      return replay(collectDeliveries(rest), url, Math.max(1, Number(values.concurrency) || 4), auth);
    case 'sign': {
      const [provider, file] = rest;
      if (!provider || !file || !(PROVIDER_IDS as readonly string[]).includes(provider)) throw new UsageError(`sign <${PROVIDER_IDS.join('|')}> <file>`);
      const d = signers[provider as ProviderId].sign(readFileSync(file));
      for (const [k, v] of Object.entries(d.headers)) console.log(`${k}: ${v}`);
      return 0;
    }
    case 'sign-all': {
      const dir = rest[0] ? `${EVENTS_DIR}/${rest[0]}` : EVENTS_DIR;
      for (const d of collectDeliveries([dir])) console.log(toCapturedLine(d));
      return 0;
    }
    case 'scan': {
      const res = await fetch(`${url}/stall-scan`, { method: 'POST', headers: auth });
      console.log(await res.text());
      return res.ok ? 0 : 1;
    }
    case 'operators':
      return operatorsCommand(rest, { url, auth, role: values.role, json: values.json, table: values.table });
    case 'tail':
      return tail(url, auth, Math.max(1, Number(values.interval) || 2));
    case 'redrive': {
      const queue = values.queue;
      if (queue !== 'ingest' && queue !== 'notify') throw new UsageError('redrive needs --queue ingest|notify');
      const limit = values.limit === undefined ? undefined : Number(values.limit);
      if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new UsageError('--limit must be a positive integer');
      const config = loadConfig();
      const envUrl = queue === 'ingest' ? config.INGEST_QUEUE_URL : config.NOTIFY_QUEUE_URL;
      await redrive({
        sqs: createAwsClients(config).sqs,
        queue,
        prefix: config.TABLE_NAME,
        sourceUrl: values['source-url'] ?? envUrl,
        dlqUrl: values['dlq-url'],
        dryRun: values['dry-run'] === true,
        limit,
      });
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

type Outcome = { kind: 'accepted' | 'duplicate' | 'quarantined' } | { kind: 'rejected'; reason: string };

async function replay(deliveries: Delivery[], url: string, concurrency: number, auth: Record<string, string>): Promise<number> {
  if (deliveries.length === 0) throw new UsageError('no deliveries found in the given paths');
  const outcomes: [Delivery, Outcome][] = [];
  let next = 0;
  const progress = () => {
    if (!process.stderr.isTTY) return;
    const width = 30;
    const done = Math.round((outcomes.length / deliveries.length) * width);
    process.stderr.write(`\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${outcomes.length}/${deliveries.length}`);
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, deliveries.length) }, async () => {
      while (next < deliveries.length) {
        const d = deliveries[next++]!;
        outcomes.push([d, await postOne(d, url, auth)]);
        progress();
      }
    }),
  );
  if (process.stderr.isTTY) process.stderr.write('\n');
  const count = (k: Outcome['kind']) => outcomes.filter(([, o]) => o.kind === k).length;
  for (const [d, o] of outcomes) if (o.kind === 'rejected') console.log(`rejected  ${d.provider.padEnd(12)} ${d.label}: ${o.reason}`);
  console.log(`${deliveries.length} deliveries: ${count('accepted')} accepted, ${count('duplicate')} duplicate, ${count('quarantined')} quarantined, ${count('rejected')} rejected`);
  return count('rejected') > 0 ? 1 : 0;
}

async function postOne(d: Delivery, url: string, auth: Record<string, string>): Promise<Outcome> {
  // Known before posting → this is a redelivery; it is still posted, to prove the service acks it.
  const id = expectedDeliveryId(d);
  const known = id ? (await fetch(`${url}/deliveries/${d.provider}/${encodeURIComponent(id)}`, { headers: auth })).status === 200 : false;
  const res = await fetch(`${url}/webhooks/${d.provider}`, { method: 'POST', headers: d.signed.headers, body: d.signed.body });
  const text = await res.text();
  if (res.status >= 300) {
    let reason = `HTTP ${res.status}`;
    try {
      const err = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
      if (err) reason += ` ${err.code}: ${err.message}`;
    } catch {
      /* not JSON */
    }
    return { kind: 'rejected', reason };
  }
  if (known) return { kind: 'duplicate' };
  return { kind: res.status === 202 ? 'quarantined' : 'accepted' };
}

async function tail(url: string, auth: Record<string, string>, intervalS: number): Promise<number> {
  const seen = new Set<string>();
  let first = true;
  for (;;) {
    const res = await fetch(`${url}/complaints?limit=50`, { headers: auth });
    if (!res.ok) {
      console.error(`GET /complaints answered ${res.status}`);
      return 1;
    }
    const { items } = (await res.json()) as { items: { id: string; createdAt: string; orderId: string; category: string; tier: string; status: string; owner?: string }[] };
    for (const c of [...items].reverse()) {
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      if (!first) console.log(`${c.createdAt}  ${c.tier.padEnd(8)} ${c.category.padEnd(17)} ${c.status.padEnd(15)} order ${c.orderId}  ${c.id}  owner ${c.owner ?? '-'}`);
    }
    first = false;
    await new Promise((r) => setTimeout(r, intervalS * 1000));
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const cause = (err as { cause?: { code?: string } }).cause;
    if (err instanceof UsageError || err instanceof OperatorsUsageError) console.error(`${err.message}\n\n${USAGE}`);
    else if (cause?.code === 'ECONNREFUSED') console.error(`cannot reach the service: ${cause.code} (is \`npm start\` running? --url)`);
    else console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  },
);
