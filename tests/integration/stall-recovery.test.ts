import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverNotification } from '../../lib/notifications/deliver-notification.ts';
import { applyShipmentEvent } from '../../lib/logistics/apply-shipment-event.ts';
import { runStallScan } from '../../lib/logistics/stall-scanner.ts';
import { openIncidentKey } from '../../lib/platform/table/keys.ts';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { eventually, startTestService } from '../helpers/service.ts';
import { canonical, HOUR, hoursAgo, orderShipped, postStandard, recordingComplaints, shippedBody, tracking, trackingBody } from '../helpers/stall-factories.ts';

/**
 * Contract §4, last rule: when a stalled parcel moves again its alert resolves (and the complaint
 * hears about it); a later stall is a new episode with a new alert and a new incident. Local
 * outbox channel (no NOTIFY_WEBHOOK_URL); the parcel's courier events arrive over HTTP.
 */
const complaints = recordingComplaints();
let svc: Awaited<ReturnType<typeof startTestService>>;
const batchId = `BATCH-REC-${Date.now()}`;
const apply = (body: Parameters<typeof canonical>[0]) => applyShipmentEvent(canonical(body), svc.parts.stall);
const notifierDeps = () => ({
  notifications: svc.parts.stall.notifications,
  shipments: svc.parts.stall.shipments,
  channels: svc.parts.notifyChannels.byName,
  remedy: { 'zh-CN': 'x', en: 'x' },
  logger: svc.parts.logger,
  now: () => new Date(),
  lockSeconds: 30,
});

beforeAll(async () => {
  svc = await startTestService({
    // Courier and shop events reach applyShipmentEvent through the ingest worker (lib/domain-wiring.ts).
    complaintPort: complaints.port,
  });
});
afterAll(async () => svc?.stop());

describe('stall recovery and the next episode', () => {
  const stalled = orderShipped(batchId, 0);
  const mate = orderShipped(batchId, 1);
  const unreachable = orderShipped(batchId, 2, { customer: { name: 'no phone, no e-mail', locale: 'en' } });

  it('resolves the alert when the parcel moves, tells the complaint once, closes the incident; a later stall is a new episode', async () => {
    // Prepare: a batch of three, set up directly; the stalled parcel's last scan 49 h ago
    for (const o of [stalled, mate, unreachable]) await apply(shippedBody(o));
    await apply(trackingBody(tracking(stalled.trackingNumber, hoursAgo(49))));
    await apply(trackingBody(tracking(mate.trackingNumber, hoursAgo(2))));
    await apply(trackingBody(tracking(unreachable.trackingNumber, hoursAgo(2))));
    const first = await runStallScan(svc.parts.stall);
    expect(first).toMatchObject({ alertsOpened: 1, incidentsOpened: 1, notificationsCreated: 3, notificationsSkipped: 1, notificationsEnqueued: 2 });
    const [alert] = (await svc.parts.stall.alerts.list('open', { limit: 10 })).items;
    expect(alert).toBeDefined();
    const notes = (await svc.parts.stall.notifications.list({ incidentId: alert!.incidentId }, 10)).items;
    expect(notes.find((n) => n.orderId === unreachable.orderId)).toMatchObject({ status: 'skipped', reason: 'no contact channel', channel: 'none' });
    await eventually(async () => {
      const { items } = await svc.parts.stall.notifications.list({ incidentId: alert!.incidentId }, 10);
      return items.filter((n) => n.status === 'sent' && n.channel === 'outbox').length === 2;
    }, 'two outbox notifications sent');
    const outbox = await svc.parts.stall.notifications.get(alert!.incidentId!, stalled.orderId);
    expect(outbox?.message?.text).toMatch(/非常抱歉/);
    expect(outbox?.recipient).not.toContain(stalled.customer!.phone!.slice(3, 9));

    // A duplicate queue message for a notification already sent does nothing (and shows no raw contact)
    const dup = await deliverNotification(JSON.stringify({ v: 1, notificationId: outbox!.id, incidentId: alert!.incidentId, orderId: stalled.orderId }), notifierDeps());
    expect(dup).toMatchObject({ outcome: 'duplicate', detail: 'already sent' });
    expect((await svc.parts.stall.notifications.get(alert!.incidentId!, stalled.orderId))?.sentAt).toBe(outbox!.sentAt);
    expect(JSON.stringify(dup)).not.toContain(stalled.customer!.phone!);

    // Act 1: an OLDER courier event arrives late: nothing changes
    await apply(trackingBody(tracking(stalled.trackingNumber, hoursAgo(60), 'info_received')));
    expect((await svc.parts.stall.alerts.get(alert!.id))?.state).toBe('open');

    // Act 2: the parcel moves again (a new scan, over HTTP)
    const movedAt = hoursAgo(1);
    expect(await postStandard(svc.url, trackingBody(tracking(stalled.trackingNumber, movedAt, 'out_for_delivery', { location: 'Futian station' })))).toBe(200);
    // The recovery's last step clears the parcel's stalled episode: wait for that
    await eventually(async () => {
      const p = await svc.parts.stall.shipments.get(stalled.trackingNumber);
      return p?.lastEventAt === new Date(movedAt).toISOString() && p.stalledEpisode === undefined;
    }, 'recovery complete');

    // Assess 2: resolved with when it moved; the complaint was told once; the batch incident closed
    const resolved = await svc.parts.stall.alerts.get(alert!.id);
    expect(resolved).toMatchObject({ state: 'resolved', recoveredAt: expect.any(String), resolvedAt: expect.any(String) });
    expect(complaints.recoveries).toEqual([expect.objectContaining({ complaintId: `cmp_${stalled.orderId}`, alertId: alert!.id, location: 'Futian station' })]);
    const marker = await svc.parts.clients.ddb.send(new GetCommand({ TableName: svc.parts.tableName, Key: openIncidentKey(batchId), ConsistentRead: true }));
    expect(marker.Item).toBeUndefined();
    expect((await svc.parts.stall.alerts.list('open', { limit: 10 })).items).toHaveLength(0);
    const parcel = await svc.parts.stall.shipments.get(stalled.trackingNumber);
    expect(parcel?.status).toBe('out_for_delivery');
    expect(parcel?.stalledEpisode).toBeUndefined();

    // The same recovery event again (a provider retry) is a no-op
    const again = await apply(trackingBody(tracking(stalled.trackingNumber, movedAt, 'out_for_delivery')));
    expect(again.outcome).toBe('stale');
    expect(again.recovery).toBeUndefined();
    expect(complaints.recoveries).toHaveLength(1);

    // Act 3: two days later the parcel is quiet again (scan with a clock 48 h ahead)
    const later = new Date(Date.now() + 48 * HOUR);
    const second = await runStallScan(svc.parts.stall, later);

    // Assess 3: a new episode: new alert for the parcel, a new incident, one notification per order.
    // By then its batch mates are quiet too: three alerts of one batch share that one incident.
    expect(second).toMatchObject({ alertsOpened: 3, incidentsOpened: 1, notificationsCreated: 3 });
    const open = (await svc.parts.stall.alerts.list('open', { limit: 10 })).items;
    const next = open.find((a) => a.trackingNumber === stalled.trackingNumber);
    expect(next!.id).not.toBe(alert!.id);
    expect(next!.lastEventAt).toBe(parcel!.lastEventAt);
    expect(new Set(open.map((a) => a.incidentId))).toEqual(new Set([next!.incidentId]));
    expect(next!.incidentId).not.toBe(alert!.incidentId);
    expect(complaints.reports).toHaveLength(4);
    expect(complaints.reports.filter((r) => r.trackingNumber === stalled.trackingNumber).map((r) => r.alertId)).toEqual([alert!.id, next!.id]);
    expect((await svc.parts.stall.notifications.list({ orderId: mate.orderId }, 10)).items.map((n) => n.incidentId).sort()).toEqual([alert!.incidentId, next!.incidentId].sort());
  });

  it('a parcel that moves while its stall is half-processed (scan crashed after opening the alert) still resolves it', async () => {
    // Prepare: the complaint engine is down, so the scan stops after the alert and the incident
    const b = `BATCH-HALF-${Date.now()}`;
    const o = orderShipped(b, 0);
    await apply(shippedBody(o));
    await apply(trackingBody(tracking(o.trackingNumber, hoursAgo(50))));
    const report = complaints.port.reportStall;
    complaints.port.reportStall = async () => {
      throw new Error('complaint engine unavailable');
    };
    const crashed = await runStallScan(svc.parts.stall).finally(() => (complaints.port.reportStall = report));
    expect(crashed).toMatchObject({ alertsOpened: 1, failures: 1 });
    const [half] = (await svc.parts.stall.alerts.list('open', { limit: 50 })).items.filter((a) => a.batchId === b);
    expect(half).toBeDefined();
    // Act: the parcel moves before the next scan
    const r = await apply(trackingBody(tracking(o.trackingNumber, hoursAgo(1))));
    // Assess: its alert resolved, the batch incident closed, the next scan finds nothing due
    expect(r.recovery).toMatchObject({ alertId: half!.id, resolved: true, incidentClosed: true });
    expect((await svc.parts.stall.alerts.get(half!.id))?.state).toBe('resolved');
    const marker = await svc.parts.clients.ddb.send(new GetCommand({ TableName: svc.parts.tableName, Key: openIncidentKey(b), ConsistentRead: true }));
    expect(marker.Item).toBeUndefined();
    expect((await runStallScan(svc.parts.stall)).alertsOpened).toBe(0);
  });

  it('a courier event that arrives before order.shipped creates a partial shipment that order.shipped completes', async () => {
    // Prepare + Act: courier first (aggregator slug), shop second
    const o = orderShipped(`BATCH-EARLY-${Date.now()}`, 0);
    await apply(trackingBody(tracking(o.trackingNumber, hoursAgo(10), 'in_transit', { carrier: 'SFEXPRESS' })));
    const partial = await svc.parts.stall.shipments.get(o.trackingNumber);
    expect(partial?.status).toBe('in_transit');
    expect(partial?.orderId).toBeUndefined();
    await apply(shippedBody(o));
    // Assess: order side filled, courier side kept
    expect(await svc.parts.stall.shipments.get(o.trackingNumber)).toMatchObject({ orderId: o.orderId, batchId: o.batchId, carrier: 'sf-express', status: 'in_transit', lastEventAt: partial!.lastEventAt });
  });
});
