import { afterAll, beforeAll, describe, it } from 'vitest';
import { complaintListing } from '../helpers/scale-scenarios.ts';
import { startTestService } from '../helpers/service.ts';

let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService({ roles: { workers: false, scanner: false } });
});
afterAll(async () => svc?.stop());

const json = async (path: string) => {
  const res = await fetch(`${svc.url}${path}`);
  return { status: res.status, body: await res.json() };
};

describe('complaint listings at scale', () => {
  it('listing 10,000 complaints by status and tier reads only the matching items', () => complaintListing(svc, 10_000, json));
});
