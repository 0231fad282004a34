import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSamples } from '../../events/samples.ts';
import { toPublicComplaint } from '../../lib/complaints/domain/complaint-types.ts';
import { signSample } from '../helpers/deliveries.ts';
import { eventually, startTestService } from '../helpers/service.ts';

/**
 * Golden tests: every sample in events/ goes through HTTP and the ingest worker on the embedded
 * stack, one after the other; samples whose `.meta.json` names an expected complaint must produce
 * exactly that record (category, tier, status, flags, SLA due times), as the domain page says.
 */
const samples = loadSamples();
let svc: Awaited<ReturnType<typeof startTestService>>;

beforeAll(async () => {
  svc = await startTestService();
  for (const s of samples) {
    const res = await fetch(`${svc.url}/webhooks/${s.provider}`, { method: 'POST', ...(() => { const d = signSample(s); return { headers: d.headers, body: d.body }; })() });
    expect(res.status, `${s.provider}/${s.variant}`).toBeLessThan(300);
    const id = res.headers.get('x-delivery-id')!;
    await eventually(async () => (await svc.parts.rawEvents.get(s.provider, id))?.state === 'done', `${s.provider}/${s.variant} processed`);
  }
}, 120_000);
afterAll(async () => svc?.stop());

describe('golden complaints from the samples', () => {
  const golden = samples.filter((s) => s.meta.expect?.complaint);
  it('has expectations for samples of many providers', () => expect(new Set(golden.map((s) => s.provider)).size).toBeGreaterThanOrEqual(6));

  it.each(golden.map((s) => [`${s.provider}/${s.variant}`, s] as const))('%s', async (_name, s) => {
    const expected = s.meta.expect!.complaint as { orderId: string; flags?: string[]; sla?: Record<string, string> } & Record<string, unknown>;
    const list = await svc.parts.complaints.store.forOrder(expected.orderId);
    expect(list.length, `complaints for ${expected.orderId}`).toBeGreaterThanOrEqual(1);
    const { flags, sla, ...fields } = expected;
    const match = list.map((c) => toPublicComplaint(c) as Record<string, any>).find((c) => Object.entries(fields).every(([k, v]) => c[k] === v));
    expect(match, JSON.stringify(list.map((c) => ({ category: c.category, tier: c.tier, status: c.status, flags: c.flags })))).toBeDefined();
    for (const f of flags ?? []) expect(match!.flags).toContain(f);
    if (sla) expect(match!.sla).toMatchObject(sla);
    expect(JSON.stringify(match)).not.toMatch(/\+86\d{11}|[a-z.]+@example\.com/);
  });
});

