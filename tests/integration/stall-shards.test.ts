import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { runStallScan } from '../../lib/logistics/stall-scanner.ts';
import { ShipmentStore } from '../../lib/logistics/shipment-store.ts';
import { hourOf } from '../../lib/logistics/shipment-rules.ts';
import { legacyStallBucketPk, shipmentKey, STALL_SHARDS, stallScanCursorKey } from '../../lib/platform/table/keys.ts';
import { shipmentItem } from '../../lib/logistics/shipment-store.ts';
import { startTestService } from '../helpers/service.ts';
import { hoursAgo, putShipments, recordingComplaints, shipment } from '../helpers/stall-factories.ts';

/**
 * The stall index is write-sharded (`STALL#<hour>#S<nn>`, nn = hash of the tracking number): a
 * burst of courier events spreads over STALL_SHARDS partitions instead of one, the scanner reads
 * every shard of each hour and still only the due parcels, and the cursor passes an hour only when
 * every shard of it was read and settled. Real DynamoDB Local through the service's own stores.
 */
const complaints = recordingComplaints();
let svc: Awaited<ReturnType<typeof startTestService>>;

beforeAll(async () => {
  svc = await startTestService({ complaintPort: complaints.port });
});
afterAll(async () => svc?.stop());

const indexKeyOf = async (trackingNumber: string) =>
  (await svc.parts.clients.ddb.send(new GetCommand({ TableName: svc.parts.tableName, Key: shipmentKey(trackingNumber) }))).Item?.gsi3pk as string | undefined;

describe('sharded stall index', () => {
  it('spreads one hour over the shards, scans every shard, reads only the due parcels, and reads pre-sharding items too', async () => {
    // Prepare: 64 parcels due (quiet 50 h, 8 per batch) and 16 not yet due, plus one written by an older release under the unsharded key
    const now = new Date();
    const due = Array.from({ length: 64 }, (_, i) => shipment(`SH-${Math.floor(i / 8)}`, i, hoursAgo(50, now.getTime())));
    const quiet = Array.from({ length: 16 }, (_, i) => shipment('SH-QUIET', i, hoursAgo(5, now.getTime())));
    await putShipments(svc.parts.clients.ddb, svc.parts.tableName, [...due, ...quiet], now);
    const legacy = shipment('SH-LEGACY', 0, hoursAgo(50, now.getTime()));
    const legacyItem = shipmentItem(legacy, now);
    const hour = hourOf(hoursAgo(2, now.getTime()));
    await svc.parts.clients.ddb.send(new PutCommand({ TableName: svc.parts.tableName, Item: { ...legacyItem, gsi3pk: legacyStallBucketPk(hour) } }));
    // A scan already ran up to 5 h ago: this one reads the last few hours' shards only
    await svc.parts.clients.ddb.send(new PutCommand({ TableName: svc.parts.tableName, Item: { ...stallScanCursorKey(), nextHour: hourOf(hoursAgo(5, now.getTime())) } }));

    // Act
    const keys: (string | undefined)[] = [];
    for (const s of due) keys.push(await indexKeyOf(s.trackingNumber));
    const r = await runStallScan(svc.parts.stall, now);

    // Assess: every due parcel sits in a shard of its hour, no shard holds more than a quarter of them
    const perShard = new Map<string, number>();
    for (const k of keys) perShard.set(k!, (perShard.get(k!) ?? 0) + 1);
    expect(keys.every((k) => /^STALL#\d{4}-\d{2}-\d{2}T\d{2}#S\d{2}$/.test(k ?? ''))).toBe(true);
    expect(perShard.size).toBeGreaterThanOrEqual(STALL_SHARDS - 2);
    expect(Math.max(...perShard.values())).toBeLessThanOrEqual(16);
    // The scan read each hour's shards and the legacy key, found all 65 due parcels and read nothing else
    expect(r.failures, r.errors.join('\n')).toBe(0);
    expect(r.partitionsQueried).toBe(r.bucketsQueried * (STALL_SHARDS + 1));
    expect(r.dueShipments).toBe(65);
    expect(r.stallIndexItemsRead).toBe(65);
    expect(r.alertsOpened).toBe(65);
    // A batch whose parcels hash to several shards still opens one incident
    expect(r.incidentsOpened).toBe(9);
    expect(await indexKeyOf(legacy.trackingNumber)).toBeUndefined();
  });

  it('keeps the cursor before an hour while one of its shards fails, and finishes it on the next scan', async () => {
    // Prepare: a fresh table; one parcel due 3 h ago, written then (so it sits in that closed hour's shard); a scan already ran up to 5 h ago
    const own = await startTestService({ complaintPort: recordingComplaints().port });
    try {
      const now = new Date();
      const s = shipment('SH-FAIL', 0, hoursAgo(51, now.getTime()));
      await putShipments(own.parts.clients.ddb, own.parts.tableName, [s], new Date(now.getTime() - 3 * 3_600_000));
      const failing = (await own.parts.clients.ddb.send(new GetCommand({ TableName: own.parts.tableName, Key: shipmentKey(s.trackingNumber) }))).Item!.gsi3pk as string;
      const start = hourOf(hoursAgo(5, now.getTime()));
      await own.parts.clients.ddb.send(new PutCommand({ TableName: own.parts.tableName, Item: { ...stallScanCursorKey(), nextHour: start } }));
      const real = own.parts.stall.shipments;
      const broken = Object.assign(Object.create(ShipmentStore.prototype) as ShipmentStore, real, {
        dueInBucket: (partition: string, at: Date, startKey?: Record<string, unknown>) =>
          partition === failing ? Promise.reject(new Error('shard read failed')) : real.dueInBucket(partition, at, startKey),
      });
      expect(failing.startsWith(`STALL#${hourOf(hoursAgo(3, now.getTime()))}#S`)).toBe(true);

      // Act
      const first = await runStallScan({ ...own.parts.stall, shipments: broken }, now);
      const second = await runStallScan(own.parts.stall, now);

      // Assess: the first scan stopped the cursor at the failed hour; the second found the parcel there and moved on
      expect(first.failures).toBe(1);
      expect(first.dueShipments).toBe(0);
      expect(first.cursor).toBe(hourOf(hoursAgo(3, now.getTime())));
      expect(second).toMatchObject({ fromHour: first.cursor, failures: 0, dueShipments: 1, alertsOpened: 1 });
      expect(second.cursor > first.cursor).toBe(true);
    } finally {
      await own.stop();
    }
  });
});
