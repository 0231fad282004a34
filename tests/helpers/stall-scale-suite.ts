import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStallScan } from '../../lib/logistics/stall-scanner.ts';
import type { Shipment } from '../../lib/logistics/shipment-types.ts';
import { startTestService } from '../helpers/service.ts';
import { hoursAgo, putShipments, recordingComplaints, shipment } from '../helpers/stall-factories.ts';

/**
 * The stall index at scale: the scan's read cost follows the DUE parcels, not the active ones,
 * and the fan-out's SQS cost follows the notifications / 10. The integration tier runs it small,
 * the scale tier (`npm run test:scale`) at 100,000 active shipments.
 */
export function stallScaleSuite(ACTIVE: number, DUE: number, FANOUT: number) {

type Svc = Awaited<ReturnType<typeof startTestService>>;
const services: Svc[] = [];
const start = async () => {
  const complaints = recordingComplaints();
  const svc = await startTestService({ roles: { api: false, workers: false, scanner: false }, complaintPort: complaints.port });
  services.push(svc);
  return { svc, complaints };
};
/** Counts SQS requests by command name (an initialize-step middleware sees every call once). */
function countSqs(svc: Svc) {
  const counts = new Map<string, number>();
  svc.parts.clients.sqs.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName);
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countSqs' },
  );
  return counts;
}
afterAll(async () => {
  await Promise.all(services.map((s) => s.stop()));
});

  describe('stall scan at scale', () => {
    it(`reads at most 1.1× the due parcels among ${ACTIVE.toLocaleString('en')} active shipments`, async () => {
      // Prepare: ACTIVE shipments, DUE of them quiet for 49–60 h (batches of 10), the rest quiet for 0–47 h
      const { svc, complaints } = await start();
      const now = new Date();
      const due: Shipment[] = Array.from({ length: DUE }, (_, i) => shipment(`DUE-${Math.floor(i / 10)}`, i, hoursAgo(49 + (i % 12), now.getTime())));
      const active: Shipment[] = Array.from({ length: ACTIVE - DUE }, (_, i) => shipment(`ACT-${Math.floor(i / 100)}`, i, hoursAgo((i % 470) / 10, now.getTime())));
      const t0 = performance.now();
      await putShipments(svc.parts.clients.ddb, svc.parts.tableName, [...active, ...due], now);
      const writeMs = performance.now() - t0;

      // Act
      const t1 = performance.now();
      const r = await runStallScan(svc.parts.stall);
      const scanMs = performance.now() - t1;

      // Assess
      console.info(`[stall-scale] ${ACTIVE} shipments written in ${Math.round(writeMs)} ms; scan ${Math.round(scanMs)} ms:`, {
        bucketsQueried: r.bucketsQueried, stallIndexItemsRead: r.stallIndexItemsRead, dueShipments: r.dueShipments, alertsOpened: r.alertsOpened,
        incidentsOpened: r.incidentsOpened, batchItemsRead: r.batchItemsRead, notificationsEnqueued: r.notificationsEnqueued,
      });
      expect(r.failures).toBe(0);
      expect(r.dueShipments).toBe(DUE);
      expect(r.stallIndexItemsRead).toBeLessThanOrEqual(1.1 * DUE);
      expect(r).toMatchObject({ alertsOpened: DUE, incidentsOpened: DUE / 10, complaintsReported: DUE, notificationsCreated: DUE, notificationsEnqueued: DUE });
      // Only the stalled batches were read for the fan-out: batches of 10
      expect(r.batchItemsRead).toBe(DUE);
      expect(complaints.reports).toHaveLength(DUE);

      // A second scan finds nothing due and reads nothing
      const again = await runStallScan(svc.parts.stall);
      expect(again).toMatchObject({ dueShipments: 0, stallIndexItemsRead: 0, alertsOpened: 0 });
    }, 600_000);

    it(`fans ${FANOUT.toLocaleString('en')} notifications out with at most ${FANOUT / 10 + 1} SQS send requests`, async () => {
      // Prepare: one batch of FANOUT orders, one parcel of it quiet for 50 h
      const { svc } = await start();
      const now = new Date();
      const batch = Array.from({ length: FANOUT }, (_, i) => shipment('BIG', i, hoursAgo(i === 0 ? 50 : 3, now.getTime())));
      await putShipments(svc.parts.clients.ddb, svc.parts.tableName, batch, now);
      const counts = countSqs(svc);
      // Act
      const t0 = performance.now();
      const r = await runStallScan(svc.parts.stall);
      const ms = performance.now() - t0;
      // Assess
      const sqsSends = (counts.get('SendMessageBatchCommand') ?? 0) + (counts.get('SendMessageCommand') ?? 0);
      console.info(`[stall-fanout] ${FANOUT} notifications in ${Math.round(ms)} ms with ${sqsSends} SQS send requests`, Object.fromEntries(counts));
      expect(r).toMatchObject({ alertsOpened: 1, incidentsOpened: 1, notificationsCreated: FANOUT, notificationsEnqueued: FANOUT, failures: 0 });
      expect(sqsSends).toBeLessThanOrEqual(FANOUT / 10 + 1);
    }, 120_000);
  });
}
