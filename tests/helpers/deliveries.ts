import { signers, type SignedDelivery, type SignOptions } from '../../events/signers/index.ts';
import type { Sample } from '../../events/samples.ts';
import type { ProviderId } from '../../lib/intake/providers/index.ts';

export function signSample(s: Sample, opts: SignOptions = {}): SignedDelivery {
  return signers[s.provider].sign(s.body, { topic: s.meta.topic, ...opts });
}

export async function post(baseUrl: string, provider: ProviderId | string, d: SignedDelivery): Promise<{ status: number; body: string; contentType: string }> {
  const res = await fetch(`${baseUrl}/webhooks/${provider}`, { method: 'POST', headers: d.headers, body: d.body });
  return { status: res.status, body: await res.text(), contentType: res.headers.get('content-type') ?? '' };
}

/** Counts what reaches the domain, per canonical event id. */
export function countingHandler() {
  const seen = new Map<string, number>();
  return {
    seen,
    wrap: (inner: (e: import('../../lib/canonical/canonical.ts').CanonicalEvent[]) => Promise<void>) => async (events: import('../../lib/canonical/canonical.ts').CanonicalEvent[]) => {
      await inner(events);
      for (const e of events) seen.set(e.id, (seen.get(e.id) ?? 0) + 1);
    },
  };
}
