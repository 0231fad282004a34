import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { createLogger } from '../../lib/platform/logger.ts';
import { forEachLimited } from '../../lib/platform/for-each-limited.ts';
import { standardSigner } from '../../events/signers/standard.ts';
import { loadSamples } from '../../events/samples.ts';
import type { Complaint } from '../../lib/complaints/domain/complaint-types.ts';
import { signSample } from '../helpers/deliveries.ts';
import { eventually, startTestService } from '../helpers/service.ts';

/**
 * The storm: STORM_SIZE signed deliveries (default 10,000; CI runs a bounded 2,000) across
 * providers, 30% exact redeliveries, shuffled, 20 concurrent senders. Afterwards every unique event
 * is reflected exactly once in the complaints and their timelines, and the final complaints equal
 * those of a sequential, in-order replay of the unique events on a fresh stack. Every log line and
 * every API response is then searched for the raw phone numbers and e-mails the storm sent.
 */
const SIZE = Number(process.env.STORM_SIZE ?? 10_000);
const UNIQUE = Math.round(SIZE * 0.7);
const ORDERS = Math.max(10, Math.round(UNIQUE / 5));
const phone = (o: number) => `+86139${String(10_000_000 + o).slice(-8)}`;
const email = (o: number) => `storm.customer${o}@example.com`;

type Delivery = { provider: string; headers: Record<string, string>; body: Buffer; key: string };

/** Five canonical events per order (request, 3 updates, a chat complaint) plus every provider's samples. */
function uniqueDeliveries(): Delivery[] {
  const out: Delivery[] = [];
  const t0 = Date.parse('2026-11-20T00:00:00Z');
  for (let i = 0; out.length < UNIQUE; i++) {
    const o = i % ORDERS;
    const step = Math.floor(i / ORDERS);
    const at = new Date(t0 + o * 60_000 + step * 3_600_000).toISOString();
    const customer = { name: `客户${o}`, phone: phone(o), email: email(o) };
    const bodies = [
      { type: 'aftersale.requested', timestamp: at, data: { orderId: `ST-${o}`, requestId: `R-${o}`, type: 'return_refund', reason: o % 3 ? '尺码偏小 size too small' : '色差 colour off, call me 13912345678', customer, amount: { value: 100 + (o % 50) * 60, currency: 'CNY' } } },
      { type: 'aftersale.updated', timestamp: at, data: { orderId: `ST-${o}`, requestId: `R-${o}`, status: 'approved' } },
      { type: 'aftersale.updated', timestamp: at, data: { orderId: `ST-${o}`, requestId: `R-${o}`, status: 'return_shipped', note: `tracking SF${o}` } },
      { type: 'aftersale.updated', timestamp: at, data: { orderId: `ST-${o}`, requestId: `R-${o}`, status: 'return_received' } },
      { type: 'complaint.reported', timestamp: at, data: { orderId: `ST-${o}`, channel: 'chat', text: `客服态度差 rude agent, my mail is ${email(o)}`, customer } },
    ];
    const body = bodies[step % bodies.length]!;
    const key = `storm-${i}`;
    const d = standardSigner.sign(Buffer.from(JSON.stringify(body)), { deliveryId: key });
    out.push({ provider: 'standard', headers: d.headers, body: d.body, key });
  }
  for (const s of loadSamples()) {
    const d = signSample(s, { deliveryId: `storm-sample-${s.provider}-${s.variant}` });
    out.push({ provider: s.provider, headers: d.headers, body: d.body, key: `${s.provider}/${s.variant}` });
  }
  return out;
}

const shuffle = <T>(xs: T[]) => {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
};

async function send(url: string, deliveries: Delivery[], concurrency: number, responses: string[]) {
  let next = 0;
  const statuses: number[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < deliveries.length) {
        const d = deliveries[next++]!;
        const res = await fetch(`${url}/webhooks/${d.provider}`, { method: 'POST', headers: d.headers, body: d.body });
        statuses.push(res.status);
        responses.push(await res.text());
      }
    }),
  );
  return statuses;
}

const logLines: string[] = [];
const responses: string[] = [];
let storm: Awaited<ReturnType<typeof startTestService>>;
let sequential: Awaited<ReturnType<typeof startTestService>>;
const unique = uniqueDeliveries();

beforeAll(async () => {
  const logger = createLogger({ serviceName: 'storm', level: 'DEBUG' });
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    logLines.push(String(chunk));
    return true || write(chunk, ...(rest as []));
  }) as typeof process.stdout.write;
  // The queues as deployed and as `npm start` makes them (180 s visibility, 5 receives), not the
  // suite's short test settings: under a storm's queueing a 5 s visibility redelivers messages that
  // are still being worked on and spends their receives.
  storm = await startTestService({ logger, queueOverrides: {} });
  sequential = await startTestService({ queueOverrides: {} });
}, 120_000);

afterAll(async () => {
  await Promise.all([storm?.stop(), sequential?.stop()]);
});

/** The deliveries' timeline entries (the workers' periodic SLA check adds `system` entries of its own). */
const delivered = (c: Complaint) => (c.timeline ?? []).filter((t) => t.actor !== 'system' && t.provider !== 'system');

describe(`storm of ${SIZE} deliveries`, () => {
  it('every unique event is reflected exactly once, and the result equals a sequential in-order replay', async () => {
    // Act: the storm (70% unique, 30% redeliveries of them), shuffled, 20 senders
    const all = shuffle([...unique, ...Array.from({ length: SIZE - unique.length }, (_, i) => unique[(i * 7919) % unique.length]!)]);
    const statuses = await send(storm.url, all, 20, responses);
    expect(statuses.filter((s) => s >= 300)).toEqual([]);
    // and the same unique deliveries, once each, in order, one at a time
    await send(sequential.url, unique, 1, []);

    const orders = Array.from({ length: ORDERS }, (_, o) => `ST-${o}`);
    // Read as a desk would, a few orders at a time: the probe shares the service's client, and a
    // thousand queries at once would queue behind each other past the client's connection timeout.
    const complaintsOf = async (svc: typeof storm) => {
      const out: Complaint[][] = [];
      await forEachLimited(orders, 16, async (o) => void out.push(await svc.parts.complaints.store.forOrder(o)));
      return out.flat();
    };
    const parked = async (svc: typeof storm) => {
      const q = await svc.parts.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: svc.queueUrls.ingestDlq, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
      return Number(q.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(q.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
    };
    for (const svc of [storm, sequential]) {
      let applied = 0;
      await eventually(async () => {
        applied = (await complaintsOf(svc)).reduce((a, c) => a + delivered(c).length, 0);
        return applied === UNIQUE || undefined;
      }, 'every unique event applied', 600_000).catch(async (err: Error) => {
        throw new Error(`${err.message} (${applied} of ${UNIQUE} applied, ${await parked(svc)} in the ingest DLQ)`);
      });
      // nothing parked: every delivery was processed, none gave up its receives
      expect(await parked(svc)).toBe(0);
    }
    // one complaint for the return request of every order, one for every chat complaint sent
    const chats = Math.max(0, Math.min(ORDERS, UNIQUE - 4 * ORDERS));
    expect(await complaintsOf(storm)).toHaveLength(ORDERS + chats);
    // The SLA check's own entries and flags depend on when its timer fired in each run: compared without them.
    const normal = (c: Complaint) => ({ id: c.id, status: c.status, tier: c.tier, category: c.category, flags: c.flags.filter((f) => f !== 'sla_breached'), createdAt: c.createdAt, timeline: delivered(c).map((t) => `${t.at}|${t.eventId}|${t.summary}`) });
    const a = (await complaintsOf(storm)).map(normal).sort((x, y) => (x.id < y.id ? -1 : 1));
    const b = (await complaintsOf(sequential)).map(normal).sort((x, y) => (x.id < y.id ? -1 : 1));
    // Assess: exactly once (no duplicate event on any timeline) and equal to the in-order replay
    for (const c of a) expect(new Set(c.timeline).size).toBe(c.timeline.length);
    expect(a).toEqual(b);
  }, 900_000);

  it('no raw phone number or e-mail appears in any log line or API response', async () => {
    for (const path of ['/complaints?limit=200', '/stats', '/alerts', '/quarantine', '/carrier-delays']) responses.push(await (await fetch(`${storm.url}${path}`)).text());
    for (let o = 0; o < ORDERS; o++) {
      const list = (await (await fetch(`${storm.url}/complaints?orderId=ST-${o}`)).json()) as { items: { id: string }[] };
      responses.push(JSON.stringify(list));
      for (const c of list.items) responses.push(await (await fetch(`${storm.url}/complaints/${c.id}`)).text());
    }
    responses.push(await (await fetch(`${storm.url}/?lang=en`)).text());
    const haystack = [...logLines, ...responses];
    expect(logLines.length).toBeGreaterThan(100);
    const needles = [...Array.from({ length: ORDERS }, (_, o) => [phone(o), phone(o).slice(3), email(o)]).flat(), '13912345678', '+8613812345678', 'li.na@example.com', 'mei.chen@example.com'];
    const hits = needles.filter((n) => haystack.some((h) => h.includes(n)));
    expect(hits).toEqual([]);
  }, 300_000);
});
