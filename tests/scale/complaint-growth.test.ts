import { afterAll, beforeAll, describe, it } from 'vitest';
import { complaintGrowth } from '../helpers/scale-scenarios.ts';
import { startTestService } from '../helpers/service.ts';

let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService({ roles: { api: false, workers: false, scanner: false } });
});
afterAll(async () => svc?.stop());

describe('complaint size at scale', () => {
  it('after 500 courier events a logistics complaint stays under 20 KB and an append costs what the first did', () => complaintGrowth(svc, 500), 180_000);
});
