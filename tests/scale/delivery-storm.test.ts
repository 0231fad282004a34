import { afterAll, beforeAll, describe, it } from 'vitest';
import { countingHandler } from '../helpers/deliveries.ts';
import { deliveryStorm } from '../helpers/scale-scenarios.ts';
import { startTestService } from '../helpers/service.ts';

const counter = countingHandler();
let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService({ wrapHandleEvents: counter.wrap });
});
afterAll(async () => svc?.stop());

describe('intake at scale', () => {
  it('1,000 deliveries with 30% duplicates, shuffled and concurrent: each unique event reaches the domain and is stored exactly once', () =>
    deliveryStorm(svc, counter, { unique: 700, duplicates: 300, prefix: 'msg_storm_' }));
});
