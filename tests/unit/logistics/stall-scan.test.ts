import { describe, expect, it } from 'vitest';
import { ComplaintService } from '../../../lib/complaints/complaint-service.ts';
import { runStallScan } from '../../../lib/logistics/stall-scanner.ts';
import { hourOf } from '../../../lib/logistics/shipment-rules.ts';
import { alertIdFor } from '../../../lib/logistics/stall-ids.ts';
import { loadConfig } from '../../../lib/platform/config.ts';
import { createLogger } from '../../../lib/platform/logger.ts';
import { HOUR, shipment } from '../../helpers/stall-factories.ts';
import { MemoryComplaintRecords } from '../helpers/memory-complaint-records.ts';
import { memoryStallPorts, type CrashAt } from '../helpers/memory-stall-ports.ts';

/**
 * The stall scan (lib/logistics/stall-scanner.ts) over in-memory ports, reporting to the real
 * complaint engine over in-memory records: a parcel quiet for 48 h opens one alert and one logistics
 * complaint, its batch is warned once per customer, and a rerun, an overlapping scan or a crash at
 * any step changes nothing twice. The same paths run on DynamoDB Local in
 * tests/integration/stall-*.test.ts and crash.test.ts.
 */
const NOW = Date.parse('2026-11-20T10:30:00.000Z');
const ago = (h: number) => new Date(NOW - h * HOUR).toISOString();

function world(o: { crash?: CrashAt[] } = {}) {
  const clock = { now: new Date(NOW) };
  const records = new MemoryComplaintRecords();
  const config = loadConfig({ LOG_LEVEL: 'SILENT', SUPPORT_TEAM: 'alice', STALL_THRESHOLD_HOURS: '48', DEFAULT_LOCALE: 'zh-CN' });
  const engine = new ComplaintService({ store: records, config, now: () => clock.now, logger: createLogger({ serviceName: 'test', level: 'SILENT' }) });
  const ports = memoryStallPorts({ now: () => clock.now, complaints: engine, crash: o.crash });
  // The batch story: B has 5 orders (one delivered), its parcel B-T0 quiet for 50 h; Q is quiet for 47 h only.
  for (let i = 0; i < 5; i++) ports.put(shipment('B', i, i === 0 ? ago(50) : ago(3), i === 4 ? { status: 'delivered' } : {}), new Date(NOW - (i === 0 ? 50 : 3) * HOUR));
  ports.put(shipment('Q', 0, ago(47)), new Date(NOW - 47 * HOUR));
  const scan = () => runStallScan(ports.deps, clock.now);
  const state = async () => {
    const complaints = await engine.store.listAll({});
    const full = await Promise.all(complaints.map(async (c) => (await engine.store.get(c.id))!));
    return {
      alerts: [...ports.alerts.values()].map((a) => ({ id: a.id, state: a.state, complaintId: a.complaintId, incidentId: a.incidentId })),
      complaints: full.map((c) => ({ orderId: c.orderId, category: c.category, events: [...c.appliedEventIds].sort() })),
      incidents: [...ports.incidents.values()].map((i) => ({ incidentId: i.incidentId, fannedOut: i.fannedOut === true, open: [...i.openAlerts] })),
      notifications: [...ports.notifications.values()].map((n) => n.orderId).sort(),
      sentTo: ports.sent.map((m) => m.orderId).sort(),
    };
  };
  return { clock, records, engine, ports, scan, state };
}

const alertB = alertIdFor('B-T0', ago(50));
const expected = (complaintId: string) => ({
  alerts: [{ id: alertB, state: 'open', complaintId, incidentId: expect.any(String) }],
  complaints: [{ orderId: 'B-O0', category: 'logistics', events: [`stall:${alertB}`] }],
  incidents: [{ incidentId: expect.any(String), fannedOut: true, open: [alertB] }],
  // every not-delivered order of the batch, once: B-O4 was delivered
  notifications: ['B-O0', 'B-O1', 'B-O2', 'B-O3'],
  sentTo: ['B-O0', 'B-O1', 'B-O2', 'B-O3'],
});

describe('stall scan over in-memory ports', () => {
  it('a parcel without an update for 48 h opens one alert and one complaint, and warns its batch once per customer', async () => {
    const w = world();
    const r = await w.scan();
    expect(r).toMatchObject({ dueShipments: 1, alertsOpened: 1, incidentsOpened: 1, complaintsReported: 1, notificationsCreated: 4, notificationsEnqueued: 4, failures: 0 });
    const s = await w.state();
    expect(s).toEqual(expected(s.alerts[0]!.complaintId!));
    expect(r.batchItemsRead).toBe(5);
    expect(w.ports.heard).toEqual([{ alertId: alertB, batchSize: 4 }]);
    // the parcel left the stall index, remembering its episode; the 47-hour one is still waiting
    expect(w.ports.items.get('B-T0')).toMatchObject({ stalledEpisode: ago(50) });
    expect(w.ports.items.get('B-T0')!.gsi3pk).toBeUndefined();
    expect(w.ports.items.get('Q-T0')!.gsi3pk).toBeDefined();
  });

  it('a first scan (no cursor yet) looks back 7 days: a parcel that fell due 6 days ago is found, then the cursor moves on', async () => {
    const w = world();
    // quiet for 48 h + 6 days: its stall slot is an hour 6 days back
    w.ports.put(shipment('OLD', 0, ago(48 + 6 * 24)), new Date(NOW - (48 + 6 * 24) * HOUR));
    const first = await w.scan();
    expect(first.fromHour).toBe(hourOf(new Date(NOW - 7 * 24 * HOUR)));
    expect(first).toMatchObject({ dueShipments: 2, alertsOpened: 2, failures: 0 });
    const second = await w.scan();
    expect(second.fromHour > first.fromHour).toBe(true);
    expect(second).toMatchObject({ dueShipments: 0, alertsOpened: 0 });
  });

  it('a rerun and an overlapping scan change nothing twice', async () => {
    const w = world();
    await Promise.all([w.scan(), w.scan()]);
    const once = await w.state();
    const again = await w.scan();
    expect(again).toMatchObject({ alertsOpened: 0, complaintsReported: 0, notificationsCreated: 0, notificationsEnqueued: 0 });
    const s = await w.state();
    expect({ ...s, sentTo: [...new Set(s.sentTo)] }).toEqual(expected(s.alerts[0]!.complaintId!));
    expect(s.alerts).toEqual(once.alerts);
    expect(s.notifications).toEqual(once.notifications);
    // (two scans at once may both tell the team: each saw the alert before the other attached its complaint)
    expect(w.ports.heard.map((h) => h.alertId)).toContain(alertB);
    // a plain rerun stays silent: the team hears of the stall once
    const seq = world();
    await seq.scan();
    await seq.scan();
    expect(seq.ports.heard.map((h) => h.alertId)).toEqual([alertB]);
    // a later scan after the threshold of the 47-hour parcel opens its own alert, nothing more for B
    w.clock.now = new Date(NOW + 2 * HOUR);
    const later = await w.scan();
    expect(later).toMatchObject({ alertsOpened: 1, complaintsReported: 1, failures: 0 });
    expect((await w.state()).complaints.map((c) => c.orderId).sort()).toEqual(['B-O0', 'Q-O0']);
  });

  // What each rerun has to repeat: the batch is read again only while its fan-out is not marked done.
  const batchReads = { attach: 5, sendMany: 10, markFannedOut: 10, markStalled: 5 };
  for (const step of ['attach', 'sendMany', 'markFannedOut', 'markStalled'] as const) {
    it(`a scan that dies at ${step} is finished by the next one, nothing done twice`, async () => {
      const w = world({ crash: [step] });
      const first = await w.scan();
      expect(first.failures).toBe(1);
      // the parcel stays in the stall index and the cursor does not pass its bucket
      expect(w.ports.items.get('B-T0')!.gsi3pk).toBeDefined();
      const second = await w.scan();
      expect(second.failures).toBe(0);
      const s = await w.state();
      expect(s).toEqual(expected(s.alerts[0]!.complaintId!));
      expect(first.alertsOpened + second.alertsOpened).toBe(1);
      expect(first.batchItemsRead + second.batchItemsRead).toBe(batchReads[step]);
      // the complaint is reported again only when the crash came before its id was attached
      expect(first.complaintsReported + second.complaintsReported).toBe(step === 'attach' ? 2 : 1);
      // the team hears of the stall at most once (a crash in the fan-out can cost the signal, never double it)
      expect(w.ports.heard.length).toBeLessThanOrEqual(1);
      // a third scan has nothing left to do
      expect(await w.scan()).toMatchObject({ dueShipments: 0, alertsOpened: 0, notificationsEnqueued: 0 });
    });
  }

  it('a parcel that moves while it is being reported: the recovery is noted once, the alert resolves once', async () => {
    const w = world();
    w.ports.hooks.onReport = () => {
      w.ports.hooks.onReport = undefined;
      w.ports.courierEvent('B-T0', ago(0.5));
    };
    const r = await w.scan();
    expect(r).toMatchObject({ alertsOpened: 1, complaintsReported: 1, recovered: 1, failures: 0 });
    const complaintId = [...w.ports.alerts.values()][0]!.complaintId!;
    // a redelivered recovery note (a rerun of the recovery path) changes nothing
    await w.engine.noteRecovery({ complaintId, alertId: alertB, at: ago(0.5) });
    expect(await w.scan()).toMatchObject({ alertsOpened: 0, recovered: 0, complaintsReported: 0 });
    const c = (await w.engine.store.get(complaintId))!;
    expect(c.appliedEventIds.sort()).toEqual([`recovery:${alertB}`, `stall:${alertB}`]);
    expect(w.ports.alerts.get(alertB)!.state).toBe('resolved');
    // the batch's only open alert resolved: its incident closed
    expect(w.ports.incidents.size).toBe(0);
  });

  it('a parcel that kept moving is read once when its entry comes due, filed where it is due, and alerted only when it really stalls', async () => {
    // Prepare: Q (quiet 47 h, its entry due in 1 h) gets a courier scan now: the scan keeps the entry where it is
    const w = world();
    w.ports.courierEvent('Q-T0', ago(0));
    const entryOf = () => w.ports.items.get('Q-T0')!.gsi3sk as string;
    const kept = entryOf();
    expect(kept.startsWith(new Date(NOW + 1 * HOUR).toISOString())).toBe(true);
    await w.scan();
    // Act 1: the entry's time comes (1.5 h later): Q is not due
    w.clock.now = new Date(NOW + 1.5 * HOUR);
    const refiled = await w.scan();
    // Assess 1: read once, refiled to its newest scan + 48 h, no alert
    expect(refiled).toMatchObject({ dueShipments: 1, refiled: 1, alertsOpened: 0, failures: 0 });
    expect(entryOf().startsWith(new Date(NOW + 48 * HOUR).toISOString())).toBe(true);
    expect(await w.scan()).toMatchObject({ dueShipments: 0, refiled: 0 });
    // Act 2: 48 h after that scan, still nothing new
    w.clock.now = new Date(NOW + 48.5 * HOUR);
    const stalled = await w.scan();
    // Assess 2: Q stalls (with B's parcels scanned 3 h before NOW), once
    expect(stalled).toMatchObject({ refiled: 0, failures: 0 });
    expect([...w.ports.alerts.keys()]).toContain(alertIdFor('Q-T0', ago(0)));
    expect(await w.scan()).toMatchObject({ dueShipments: 0, alertsOpened: 0 });
  });

  it('a courier scan that lands while the parcel is being refiled wins: the parcel is filed from it, its event kept', async () => {
    // Prepare: Q's entry kept by a scan 1 h ago; the refile loses its first race to a newer scan
    const w = world();
    w.ports.courierEvent('Q-T0', ago(1));
    await w.scan();
    w.clock.now = new Date(NOW + 1.5 * HOUR);
    const refile = w.ports.deps.shipments.refile.bind(w.ports.deps.shipments);
    let raced = false;
    w.ports.deps.shipments.refile = async (s, now) => {
      if (!raced) {
        raced = true;
        w.ports.courierEvent('Q-T0', new Date(NOW + HOUR).toISOString());
      }
      return refile(s, now);
    };
    // Act
    const r = await w.scan();
    // Assess: the racing write moved the (due) entry itself; the refile lost its version check, re-read and found nothing to do
    expect(raced).toBe(true);
    expect(r).toMatchObject({ refiled: 0, failures: 0, alertsOpened: 0 });
    expect(String(w.ports.items.get('Q-T0')!.gsi3sk).startsWith(new Date(NOW + 49 * HOUR).toISOString())).toBe(true);
    expect(w.ports.items.get('Q-T0')!.lastEventAt).toBe(new Date(NOW + HOUR).toISOString());
  });
});
