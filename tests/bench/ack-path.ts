import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { loadSamples } from '../../events/samples.ts';
import { signers } from '../../events/signers/index.ts';
import type { ProviderId } from '../../lib/intake/providers/index.ts';

interface LoadResult {
  p50: number;
  p99: number;
  rps: number;
  non2xx: number;
}

const MIX: ProviderId[] = ['standard', 'shopify', 'stripe', 'aftership', 'kuaidi100', 'alipay'];

/** Pre-signed deliveries across providers; autocannon cycles through them. */
function signedRequests(count: number) {
  const samples = loadSamples().filter((s) => MIX.includes(s.provider));
  return Array.from({ length: count }, (_, i) => {
    const s = samples[i % samples.length]!;
    const d = signers[s.provider].sign(s.body, { topic: s.meta.topic, deliveryId: `bench-${i}` });
    return { method: 'POST' as const, path: `/webhooks/${s.provider}`, headers: d.headers, body: d.body.toString('utf8') };
  });
}

function load(url: string, requests: ReturnType<typeof signedRequests>, seconds: number, connections: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds, requests }, (err, r) => {
      if (err) return reject(err);
      resolve({ p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average, non2xx: r.non2xx });
    });
  });
}

export async function measureAckPath(opts: { seconds: number; rounds: number; connections: number }) {
  const child = fork(join(import.meta.dirname, 'ack-servers.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const urls = await new Promise<{ ours: string; baseline: string }>((resolve) => child.once('message', (m) => resolve(m as { ours: string; baseline: string })));
  const ask = <T>(cmd: string) => new Promise<T>((resolve) => { child.once('message', (m) => resolve(m as T)); child.send({ cmd }); });
  try {
    const requests = signedRequests(600);
    // Warm both JITs, then alternate rounds so noise falls on both alike.
    await load(urls.baseline, requests, 1, opts.connections);
    await load(urls.ours, requests, 1, opts.connections);
    const ours: LoadResult[] = [];
    const base: LoadResult[] = [];
    for (let i = 0; i < opts.rounds; i++) {
      base.push(await load(urls.baseline, requests, opts.seconds, opts.connections));
      ours.push(await load(urls.ours, requests, opts.seconds, opts.connections));
    }
    // Round trips per delivery: a short sequential run with the counter reset.
    await ask('reset');
    const n = 50;
    for (const r of requests.slice(0, n)) await fetch(`${urls.ours}${r.path}`, { method: 'POST', headers: r.headers, body: r.body });
    const { roundTrips } = await ask<{ roundTrips: number }>('roundTrips');
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    return {
      ours: { p50: median(ours.map((r) => r.p50)), p99: median(ours.map((r) => r.p99)), rps: median(ours.map((r) => r.rps)), non2xx: ours.reduce((a, r) => a + r.non2xx, 0) },
      baseline: { p50: median(base.map((r) => r.p50)), p99: median(base.map((r) => r.p99)), rps: median(base.map((r) => r.rps)), non2xx: base.reduce((a, r) => a + r.non2xx, 0) },
      roundTripsPerDelivery: roundTrips / n,
    };
  } finally {
    child.send({ cmd: 'stop' });
    await new Promise((r) => child.once('exit', r));
  }
}
