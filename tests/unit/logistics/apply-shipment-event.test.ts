import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyShipmentEvent, type ShipmentEventDeps } from '../../../lib/logistics/apply-shipment-event.ts';
import type { StallAlert } from '../../../lib/logistics/alert-types.ts';
import { alertIdFor } from '../../../lib/logistics/stall-ids.ts';
import { ShipmentConflict } from '../../../lib/logistics/shipment-store.ts';
import type { Shipment } from '../../../lib/logistics/shipment-types.ts';
import { createLogger } from '../../../lib/platform/logger.ts';
import { canonical, hoursAgo, orderShipped, shippedBody, tracking, trackingBody } from '../../helpers/stall-factories.ts';

/**
 * The shipment path as a service over in-memory ports: the ports keep the stores' contracts (a
 * version-checked write that also refuses an older courier event; alerts resolve once) and nothing
 * else, so these tests pin the service's own logic — newest courier event wins in any order, a lost
 * race is retried, a stalled parcel that moves resolves its episode once — without I/O. The same
 * paths run on DynamoDB Local in tests/integration/stall-*.test.ts.
 */
function memoryPorts(o: { loseRaces?: number } = {}) {
  const rows = new Map<string, Shipment & { v: number }>();
  let races = o.loseRaces ?? 0;
  const alerts = new Map<string, StallAlert>();
  const noted: string[] = [];
  const left: string[] = [];
  const shipments = {
    async get(tn: string) {
      const r = rows.get(tn);
      return r ? structuredClone(r) : undefined;
    },
    async put(next: Shipment, expectedVersion: number | undefined, _now: Date, newerThan?: string) {
      const cur = rows.get(next.trackingNumber);
      // A writer that raced us first: the version moved on (what DynamoDB's condition reports).
      if (races > 0) {
        races--;
        if (cur) rows.set(next.trackingNumber, { ...cur, v: cur.v + 1 });
        throw new ShipmentConflict();
      }
      if (expectedVersion === undefined ? cur !== undefined : cur?.v !== expectedVersion) throw new ShipmentConflict();
      if (newerThan && cur?.lastEventAt && !(cur.lastEventAt < newerThan)) throw new ShipmentConflict();
      rows.set(next.trackingNumber, { ...structuredClone(next), v: (cur?.v ?? 0) + 1 });
    },
    async clearStalled(tn: string, episode: string) {
      const cur = rows.get(tn);
      if (cur?.stalledEpisode === episode) rows.set(tn, { ...cur, stalledEpisode: undefined, v: cur.v + 1 });
    },
  };
  const deps = {
    shipments,
    alerts: {
      async get(id: string) {
        return alerts.get(id);
      },
      async resolve(id: string) {
        const a = alerts.get(id);
        if (!a || a.state !== 'open') return false;
        alerts.set(id, { ...a, state: 'resolved' });
        return true;
      },
    },
    incidents: { leave: async (batchId: string) => (left.push(batchId), true) },
    complaints: { reportStall: async () => 'C-1', noteRecovery: async (r: { complaintId: string }) => void noted.push(r.complaintId) },
    rules: { defaultHours: 48, tagHours: {} },
    logger: createLogger({ serviceName: 'test', level: 'SILENT' }),
    now: () => new Date(),
  } as unknown as ShipmentEventDeps;
  return { deps, rows, alerts, noted, left };
}

describe('applyShipmentEvent over in-memory ports', () => {
  it('whatever order courier events arrive in (repeats included), the newest one wins', async () => {
    const times = Array.from({ length: 6 }, (_, i) => hoursAgo(30 - i * 4));
    const statuses = ['info_received', 'in_transit', 'in_transit', 'out_for_delivery', 'failed_attempt', 'delivered'] as const;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 12 }), async (order) => {
        const { deps, rows } = memoryPorts();
        await applyShipmentEvent(canonical(shippedBody(orderShipped('B', 1))), deps);
        for (const i of order) await applyShipmentEvent(canonical(trackingBody(tracking('B-T001', times[i]!, statuses[i]!))), deps);
        const newest = Math.max(...order);
        expect(rows.get('B-T001')).toMatchObject({ lastEventAt: times[newest], status: statuses[newest], orderId: 'B-O001' });
      }),
      { numRuns: 60 },
    );
  });

  it('a write that loses a race is read again and retried; an older event then changes nothing', async () => {
    const { deps, rows } = memoryPorts({ loseRaces: 2 });
    await applyShipmentEvent(canonical(shippedBody(orderShipped('R', 1))), deps);
    const at = hoursAgo(2);
    const r = await applyShipmentEvent(canonical(trackingBody(tracking('R-T001', at, 'in_transit'))), deps);
    expect(r.outcome).toBe('updated');
    expect(rows.get('R-T001')?.lastEventAt).toBe(at);
    const stale = await applyShipmentEvent(canonical(trackingBody(tracking('R-T001', hoursAgo(10), 'in_transit'))), deps);
    expect(stale.outcome).toBe('stale');
  });

  it('a stalled parcel that moves again resolves its alert, tells the complaint and leaves the incident, once', async () => {
    const { deps, rows, alerts, noted, left } = memoryPorts();
    await applyShipmentEvent(canonical(shippedBody(orderShipped('S', 1, { shippedAt: hoursAgo(60) }))), deps);
    const episode = rows.get('S-T001')!.shippedAt!;
    // what the scanner leaves behind: the episode on the parcel, an open alert with its complaint
    rows.set('S-T001', { ...rows.get('S-T001')!, stalledEpisode: episode });
    const alertId = alertIdFor('S-T001', episode);
    alerts.set(alertId, { id: alertId, type: 'logistics_stall', state: 'open', carrier: 'sf-express', trackingNumber: 'S-T001', orderId: 'S-O001', batchId: 'S', lastEventAt: episode, detectedAt: hoursAgo(10), hoursWithoutUpdate: 50, complaintId: 'C-STALL' });
    const moved = canonical(trackingBody(tracking('S-T001', hoursAgo(1), 'in_transit')));
    const r = await applyShipmentEvent(moved, deps);
    expect(r.recovery, JSON.stringify(r)).toBeDefined();
    expect(alerts.get(alertId)?.state).toBe('resolved');
    expect(noted).toEqual(['C-STALL']);
    expect(left).toEqual(['S']);
    expect(rows.get('S-T001')?.stalledEpisode).toBeUndefined();
    // the same event again (a redelivery): nothing happens twice
    await applyShipmentEvent(moved, deps);
    expect(noted).toEqual(['C-STALL']);
  });
});
