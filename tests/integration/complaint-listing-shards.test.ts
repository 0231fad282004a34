import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requested } from '../helpers/factories.ts';
import { startTestService } from '../helpers/service.ts';

/**
 * Listings fan out over the write shards of each index key and merge them newest first. Small pages
 * are where a cursor goes wrong (a shard none of whose items made the first page must still be read
 * later): every complaint appears exactly once, in order, whatever the page size.
 */
let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService({ roles: { api: false, workers: false, scanner: false } });
  for (let i = 0; i < 40; i++) {
    const at = new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString();
    await svc.parts.complaints.applyEvents([requested({ orderId: `SHARD-${i}`, requestId: 'R' }, { id: `shard-${i}`, at })]);
  }
});
afterAll(async () => svc?.stop());

describe('sharded complaint listings', () => {
  it.each([1, 3, 7, 40])('pages of %i: every complaint once, newest first', async (limit) => {
    const seen: { id: string; createdAt: string }[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await svc.parts.complaints.list({ status: 'under_review' }, limit, cursor);
      seen.push(...page.items.map((c) => ({ id: c.id, createdAt: c.createdAt })));
      cursor = page.nextCursor;
      expect(++pages).toBeLessThan(100);
    } while (cursor);
    const ids = seen.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(40);
    const times = seen.map((s) => s.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });
});
