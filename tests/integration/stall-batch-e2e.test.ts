import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { runStallScan, type StallScanResult } from '../../lib/logistics/stall-scanner.ts';
import type { NotificationView } from '../../lib/notifications/notification-types.ts';
import { eventually, startTestService } from '../helpers/service.ts';
import {
  hoursAgo,
  newWebhookSecret,
  orderShipped,
  postStandard,
  recordingComplaints,
  shippedBody,
  startWebhookReceiver,
  tracking,
  trackingBody,
} from '../helpers/stall-factories.ts';

/**
 * Domain §4, the cherries case, end to end through HTTP: 21 orders of one batch shipped, one parcel
 * without a courier scan for 49 h, one already delivered. One alert, one complaint, one incident,
 * and exactly one warning for each of the 20 orders still on their way, delivered once each to
 * the merchant's messaging endpoint (Standard Webhooks signed), however often the scan runs.
 */
const batchId = `BATCH-CHERRY-${Date.now()}`;
const complaints = recordingComplaints();
const secret = newWebhookSecret();
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let svc: Awaited<ReturnType<typeof startTestService>>;

const get = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${svc.url}${path}`);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
};
const scanViaApi = async () => {
  const res = await fetch(`${svc.url}/stall-scan`, { method: 'POST' });
  expect(res.status).toBe(200);
  return (await res.json()) as StallScanResult;
};

beforeAll(async () => {
  receiver = await startWebhookReceiver(secret);
  svc = await startTestService({
    env: { NOTIFY_WEBHOOK_URL: receiver.url, NOTIFY_WEBHOOK_SECRET: secret },
    // Courier and shop events reach applyShipmentEvent through the ingest worker (lib/domain-wiring.ts).
    complaintPort: complaints.port,
  });
});
afterAll(async () => {
  await svc?.stop();
  await receiver?.stop();
});

describe('logistics stall of one parcel warns its whole batch', () => {
  const stalled = orderShipped(batchId, 0);
  const delivered = orderShipped(batchId, 2);

  it('21 orders shipped over HTTP: one alert, one complaint, one incident, 20 notifications — exactly once through reruns, overlap and a crash', async () => {
    // Prepare: 21 order.shipped + 21 courier events, signed and POSTed like a shop and a tracking feed would
    const orders = Array.from({ length: 21 }, (_, i) => orderShipped(batchId, i, i === 20 ? { customer: { name: 'no contact' } } : {}));
    const scans = orders.map((o, i) =>
      i === 0 ? tracking(o.trackingNumber, hoursAgo(49)) : i === 1 ? tracking(o.trackingNumber, hoursAgo(47)) : i === 2 ? tracking(o.trackingNumber, hoursAgo(5), 'delivered') : tracking(o.trackingNumber, hoursAgo(3)),
    );
    const statuses = await Promise.all([...orders.map((o) => postStandard(svc.url, shippedBody(o))), ...scans.map((t) => postStandard(svc.url, trackingBody(t)))]);
    expect(statuses.every((s) => s === 200)).toBe(true);
    await eventually(async () => {
      const { items } = await svc.parts.stall.shipments.batchMembers(batchId);
      return items.length === 21 && items.every((s) => s.lastEventAt !== undefined);
    }, '21 shipments with their courier events');

    // Act 1: the first scan dies half-way through the fan-out (SQS fails after one SendMessageBatch)
    let sends = 0;
    svc.parts.clients.sqs.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'SendMessageBatchCommand' && ++sends > 1) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        return next(args);
      },
      { step: 'initialize', name: 'killMidFanout' },
    );
    const killed = await runStallScan(svc.parts.stall);
    svc.parts.clients.sqs.middlewareStack.remove('killMidFanout');
    // Assess 1: everything up to the crash is recorded; the parcel stays due
    expect(killed).toMatchObject({ alertsOpened: 1, incidentsOpened: 1, complaintsReported: 1, notificationsCreated: 20, notificationsEnqueued: 10, failures: 1 });
    expect(killed.stallIndexItemsRead).toBe(1);

    // Act 2: the rerun, twice at once (overlapping scans), then three more through the API
    const [a, b] = await Promise.all([runStallScan(svc.parts.stall), runStallScan(svc.parts.stall)]);
    const more = [await scanViaApi(), await scanViaApi(), await scanViaApi()];

    // Assess 2: nothing was created twice; the 10 lost messages were sent by the rerun
    for (const r of [a, b]) expect(r).toMatchObject({ alertsOpened: 0, incidentsOpened: 0, notificationsCreated: 0, failures: 0 });
    expect(a.notificationsEnqueued + b.notificationsEnqueued).toBeGreaterThanOrEqual(10);
    for (const r of more) expect(r).toMatchObject({ dueShipments: 0, stallIndexItemsRead: 0, alertsOpened: 0, notificationsCreated: 0 });

    const alerts = await get<{ items: { id: string; orderId: string; batchId: string; incidentId: string; complaintId: string; hoursWithoutUpdate: number; trackingNumber: string }[] }>('/alerts?type=logistics_stall&state=open');
    expect(alerts.items).toHaveLength(1);
    const alert = alerts.items[0]!;
    expect(alert).toMatchObject({ orderId: stalled.orderId, batchId, trackingNumber: stalled.trackingNumber, complaintId: `cmp_${stalled.orderId}` });
    expect(alert.hoursWithoutUpdate).toBeGreaterThanOrEqual(49);
    expect(complaints.reports.map((r) => r.alertId)).toEqual([alert.id]);
    expect(complaints.reports[0]!.orderFacts.customer?.phone).toBe(stalled.customer!.phone);

    const byIncident = await get<{ items: NotificationView[] }>(`/notifications?incidentId=${alert.incidentId}`);
    const byBatch = await get<{ items: NotificationView[] }>(`/notifications?batchId=${encodeURIComponent(batchId)}`);
    expect(byIncident.items).toHaveLength(20);
    expect(byBatch.items).toHaveLength(20);
    const notified = new Set(byIncident.items.map((n) => n.orderId));
    expect(notified.has(stalled.orderId)).toBe(true);
    expect(notified.has(delivered.orderId)).toBe(false);
    expect(byIncident.items.every((n) => n.incidentId === alert.incidentId && n.channel === 'webhook' && n.template === 'delay_warning')).toBe(true);
    expect((await get<{ items: NotificationView[] }>(`/notifications?orderId=${stalled.orderId}`)).items).toHaveLength(1);

    // Assess 3: the notifier delivers each exactly once, signed, and records it sent
    await eventually(async () => {
      const { items } = await get<{ items: NotificationView[] }>(`/notifications?incidentId=${alert.incidentId}`);
      return items.every((n) => n.status === 'sent' && n.sentAt);
    }, 'all 20 notifications sent', 30_000);
    await eventually(async () => {
      const q = await svc.parts.clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: svc.queueUrls.notify, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
      );
      return q.Attributes?.ApproximateNumberOfMessages === '0' && q.Attributes?.ApproximateNumberOfMessagesNotVisible === '0';
    }, 'notify queue drained (duplicates from the overlapping rerun included)', 30_000);
    expect(receiver.invalid()).toBe(0);
    expect(receiver.deliveries.size).toBe(20);
    expect([...receiver.deliveries.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(byIncident.items.map((n) => n.id))).toEqual(new Set(receiver.deliveries.keys()));
    const zh = receiver.bodies.find((b) => (b as { data: { orderId: string } }).data.orderId === stalled.orderId) as { data: { text: string; locale: string } };
    expect(zh.data.locale).toBe('zh-CN');
    expect(zh.data.text).toMatch(/非常抱歉/);

    // Nothing the API returned carries a raw phone or e-mail
    const everything = JSON.stringify([alerts, byIncident, byBatch]);
    expect(everything).not.toContain(stalled.customer!.phone!);
    expect(everything).not.toContain(stalled.customer!.email!);

    // The carrier owes the agreed compensation for the delayed order
    const ledger = await get<{ items: { carrier: string; delayedOrders: number; compensationOwed: { value: number } }[] }>('/carrier-delays');
    expect(ledger.items).toEqual([expect.objectContaining({ carrier: 'sf-express', delayedOrders: 1, compensationOwed: { value: 50, currency: 'CNY' } })]);
  });

  it('a parcel scanned 47 h ago raises nothing; a perishable one stalls at 24 h', async () => {
    // Prepare: a second batch with a perishable parcel 25 h quiet and a normal parcel 47 h quiet
    const fresh = `BATCH-FRESH-${Date.now()}`;
    const perishable = orderShipped(fresh, 0, { tags: ['perishable'], shippedAt: hoursAgo(26) });
    const normal = orderShipped(fresh, 1, { shippedAt: hoursAgo(48) });
    for (const body of [shippedBody(perishable), shippedBody(normal), trackingBody(tracking(perishable.trackingNumber, hoursAgo(25))), trackingBody(tracking(normal.trackingNumber, hoursAgo(47)))]) {
      expect(await postStandard(svc.url, body)).toBe(200);
    }
    await eventually(async () => {
      const { items } = await svc.parts.stall.shipments.batchMembers(fresh);
      return items.length === 2 && items.every((s) => s.lastEventAt);
    }, 'fresh batch shipped');
    // Act
    const r = await scanViaApi();
    // Assess
    expect(r).toMatchObject({ alertsOpened: 1, incidentsOpened: 1, notificationsCreated: 2 });
    const open = await get<{ items: { orderId: string }[] }>('/alerts?state=open');
    expect(open.items.map((a) => a.orderId).sort()).toEqual([orderShipped(batchId, 0).orderId, perishable.orderId].sort());
  });
});
