import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestService } from '../../helpers/service.ts';
import { hoursAgo, orderShipped, postStandard, shippedBody, tracking, trackingBody } from '../../helpers/stall-factories.ts';
import { addOperator, client, uniq, type Svc } from './fixtures.ts';
import { notificationCountPk } from '../../../lib/platform/table/keys.ts';

const API_TOKEN = 'board-fanout-admin-token';
let svc: Svc;
beforeAll(async () => {
  svc = await startTestService({ env: { API_TOKEN, SUPPORT_TEAM: '' } });
});
afterAll(async () => svc?.stop());

describe('the board', () => {
  it('shows each stalled parcel with its batch fan-out, from one read of the shared incident’s counts', async () => {
    // Prepare: a batch of three orders whose three parcels all stalled: three alerts, one incident
    const batchId = uniq('FAN');
    const orders = [0, 1, 2].map((i) => orderShipped(batchId, i));
    for (const o of orders) expect(await postStandard(svc.url, shippedBody(o))).toBe(200);
    for (const o of orders) expect(await postStandard(svc.url, trackingBody(tracking(o.trackingNumber, hoursAgo(49))))).toBe(200);
    await eventually(async () => (await svc.parts.stall.shipments.batchMembers(batchId)).items.filter((s) => s.lastEventAt !== undefined).length === 3, 'shipments with their courier events');
    await svc.parts.stallScan.run();
    const alerts = await eventually(async () => {
      const mine = (await svc.parts.stall.alerts.list('open', { limit: 50 })).items.filter((a) => a.batchId === batchId);
      return mine.length === 3 && mine.every((a) => a.incidentId === mine[0]!.incidentId) ? mine : undefined;
    }, 'three alerts of one incident');
    const incidentId = alerts[0]!.incidentId!;
    const reads = { notifications: 0, counts: 0 };
    svc.parts.clients.ddb.middlewareStack.add(
      (next) => async (args) => {
        const values = Object.values((args.input as { ExpressionAttributeValues?: Record<string, unknown> }).ExpressionAttributeValues ?? {});
        if (values.includes(`INC#${incidentId}`)) reads.notifications++;
        if (values.includes(notificationCountPk(incidentId))) reads.counts++;
        return next(args);
      },
      { step: 'initialize', name: 'count-incident-reads' },
    );
    const agent = client(svc, await addOperator(svc, API_TOKEN, 'fanny', 'viewer'));

    // Act
    const res = await agent('/?lang=en');

    // Assess: three fan-out cells, each with the incident's three notifications, from one read of
    // its count items and none of the notifications themselves (a batch may have thousands)
    expect(res.status).toBe(200);
    const cells = [...(await res.text()).matchAll(/data-testid="fanout">([^<]*)</g)].map((m) => m[1]!);
    const counted = cells.filter((t) => /queued (\d+) · sent (\d+) · failed (\d+) · skipped (\d+)/.test(t)).map((t) => t.match(/\d+/g)!.map(Number).reduce((a, b) => a + b, 0));
    expect(counted.filter((n) => n === 3).length).toBeGreaterThanOrEqual(3);
    expect(reads).toEqual({ notifications: 0, counts: 1 });
  });
});
