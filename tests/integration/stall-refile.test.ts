import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { runStallScan } from '../../lib/logistics/stall-scanner.ts';
import { shipmentKey } from '../../lib/platform/table/keys.ts';
import { eventually, startTestService } from '../helpers/service.ts';
import { HOUR, hoursAgo, orderShipped, postStandard, recordingComplaints, shippedBody, tracking, trackingBody } from '../helpers/stall-factories.ts';

/**
 * Courier scans leave a parcel's stall-index entry where it is (stallEntryFor): on DynamoDB Local,
 * through the webhook path, the entry the order's shipping filed survives the scans; when its time
 * comes the scanner reads the parcel once and files it at its newest scan + 48 h, and the stall is
 * raised then, not earlier, not later.
 */
const complaints = recordingComplaints();
let svc: Awaited<ReturnType<typeof startTestService>>;
const batchId = `BATCH-REFILE-${Date.now()}`;

beforeAll(async () => {
  svc = await startTestService({ complaintPort: complaints.port, env: { STALL_THRESHOLD_HOURS: '48' } });
});
afterAll(async () => svc?.stop());

const entry = async (trackingNumber: string) => {
  const { Item } = await svc.parts.clients.ddb.send(new GetCommand({ TableName: svc.parts.tableName, Key: shipmentKey(trackingNumber), ConsistentRead: true }));
  return { pk: Item?.gsi3pk as string | undefined, sk: Item?.gsi3sk as string | undefined, lastEventAt: Item?.lastEventAt as string | undefined };
};

describe('a moving parcel keeps its stall entry until the entry comes due', () => {
  it('scans over HTTP do not move the entry; the scanner refiles it once, then raises the stall at the newest scan + 48 h', async () => {
    // Prepare: shipped 10 h ago (entry due in 38 h), then three courier scans, the newest 1 h ago
    const o = orderShipped(batchId, 0, { shippedAt: hoursAgo(10) });
    expect(await postStandard(svc.url, shippedBody(o))).toBe(200);
    await eventually(async () => (await entry(o.trackingNumber)).sk !== undefined, 'shipment filed in the stall index');
    const filed = await entry(o.trackingNumber);
    const shipDue = new Date(Date.parse(o.shippedAt) + 48 * HOUR).toISOString();
    expect(filed.sk!.startsWith(shipDue)).toBe(true);
    const newest = hoursAgo(1);
    for (const at of [hoursAgo(8), hoursAgo(4), newest]) {
      expect(await postStandard(svc.url, trackingBody(tracking(o.trackingNumber, at)))).toBe(200);
      await eventually(async () => (await entry(o.trackingNumber)).lastEventAt === at, `courier scan ${at} applied`);
    }
    // Assess 1: the entry did not move
    expect(await entry(o.trackingNumber)).toMatchObject({ pk: filed.pk, sk: filed.sk });

    // Act 2: the scanner runs when the entry comes due
    const atEntry = new Date(Date.parse(shipDue) + 5 * 60_000);
    const first = await runStallScan(svc.parts.stall, atEntry);
    // Assess 2: read once, refiled to the newest scan + 48 h, nothing raised
    expect(first).toMatchObject({ dueShipments: 1, refiled: 1, alertsOpened: 0, failures: 0 });
    const realDue = new Date(Date.parse(newest) + 48 * HOUR).toISOString();
    expect((await entry(o.trackingNumber)).sk!.startsWith(realDue)).toBe(true);
    expect(await runStallScan(svc.parts.stall, atEntry)).toMatchObject({ dueShipments: 0, refiled: 0 });

    // Act 3: just before and just after the real due time
    const before = await runStallScan(svc.parts.stall, new Date(Date.parse(realDue) - 60_000));
    const after = await runStallScan(svc.parts.stall, new Date(Date.parse(realDue) + 60_000));
    // Assess 3: the stall is raised once, at its time, and the parcel left the index
    expect(before).toMatchObject({ alertsOpened: 0, refiled: 0 });
    expect(after).toMatchObject({ dueShipments: 1, alertsOpened: 1, refiled: 0, failures: 0 });
    expect(complaints.reports.map((r) => r.trackingNumber)).toEqual([o.trackingNumber]);
    expect((await entry(o.trackingNumber)).sk).toBeUndefined();
  }, 60_000);
});
