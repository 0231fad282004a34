import type { ComplaintPort } from '../../../lib/complaints/complaint-port.ts';
import type { AlertStore } from '../../../lib/logistics/alert-store.ts';
import type { StallAlert } from '../../../lib/logistics/alert-types.ts';
import type { IncidentMembership, IncidentStore } from '../../../lib/logistics/incident-store.ts';
import type { ScanCursorStore } from '../../../lib/logistics/scan-cursor-store.ts';
import { shipmentItem, shipmentOf, type ShipmentStore } from '../../../lib/logistics/shipment-store.ts';
import type { Shipment } from '../../../lib/logistics/shipment-types.ts';
import type { StallDeps } from '../../../lib/logistics/stall-deps.ts';
import { incidentIdFor } from '../../../lib/logistics/stall-ids.ts';
import type { CreateResult, NotificationStore } from '../../../lib/notifications/notification-store.ts';
import type { NotificationRecord, NotifyMessage } from '../../../lib/notifications/notification-types.ts';
import type { ChannelAvailability } from '../../../lib/notifications/channel-choice.ts';
import { createLogger } from '../../../lib/platform/logger.ts';
import type { MessageQueue } from '../../../lib/platform/queue/sqs-queue.ts';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const strip = (item: Record<string, unknown>) => Object.fromEntries(Object.entries(item).filter(([k]) => !/^(pk|sk|entity|gsi\d+(pk|sk))$/.test(k))) as unknown as Shipment;

/** Throws once at the named step (a crash of the scan there), then behaves. */
export type CrashAt = 'attach' | 'sendMany' | 'markFannedOut' | 'markStalled';

/**
 * The stall scan's ports in memory, each with its DynamoDB store's contract (the conditions those
 * stores write, nothing else): shipments keep their item with the index keys `shipmentItem` gives
 * them (so the stall index is the real one: hour bucket × shard, due time in the sort key), and
 * `markStalled` leaves the index only while no newer courier event came; alerts open once per
 * episode; a batch has one open incident; one notification record per incident and order.
 */
export function memoryStallPorts(o: { now: () => Date; complaints: ComplaintPort; crash?: CrashAt[]; concurrency?: number }) {
  const items = new Map<string, Record<string, unknown>>();
  const alerts = new Map<string, StallAlert>();
  const incidents = new Map<string, { incidentId: string; openAlerts: Set<string>; fannedOut?: boolean }>();
  const notifications = new Map<string, NotificationRecord & { enqueuedAt?: string }>();
  const sent: NotifyMessage[] = [];
  /** What the team robots were told (onStallOpened): alert id and the number of orders warned. */
  const heard: { alertId: string; batchSize: number }[] = [];
  let cursor: string | undefined;
  const crashes = [...(o.crash ?? [])];
  const crash = (step: CrashAt) => {
    const i = crashes.indexOf(step);
    if (i >= 0) {
      crashes.splice(i, 1);
      throw new Error(`crash at ${step}`);
    }
  };
  /** Called when the scan reports a stall (e.g. a courier event that lands meanwhile). */
  const hooks = { onReport: undefined as undefined | (() => void) };

  const shipments: Pick<ShipmentStore, 'get' | 'refile' | 'markStalled' | 'clearStalled' | 'dueInBucket' | 'batchMembers' | 'forOrder'> = {
    async get(tn) {
      const i = items.get(tn);
      return i ? clone(shipmentOf(i)) : undefined;
    },
    async refile(s, now) {
      const i = items.get(s.trackingNumber);
      if (!i || i.v !== s.v) return false;
      items.set(s.trackingNumber, clone(shipmentItem({ ...strip(i), v: s.v + 1 }, now)));
      return true;
    },
    async markStalled(tn, episode, hasCourierEvent) {
      crash('markStalled');
      const i = items.get(tn);
      if (!i || !(hasCourierEvent ? i.lastEventAt === episode : i.lastEventAt === undefined && i.shippedAt === episode)) return false;
      const { gsi3pk: _p, gsi3sk: _s, ...rest } = i;
      items.set(tn, { ...rest, stalledEpisode: episode, v: Number(i.v) + 1 });
      return true;
    },
    async clearStalled(tn, episode) {
      const i = items.get(tn);
      if (!i || i.stalledEpisode !== episode) return;
      const { stalledEpisode: _e, ...rest } = i;
      items.set(tn, { ...rest, v: Number(i.v) + 1 });
    },
    async dueInBucket(partition, now, startKey) {
      const until = `${now.toISOString()}#\uffff`;
      const after = startKey?.gsi3sk as string | undefined;
      const hits = [...items.values()].filter((i) => i.gsi3pk === partition && String(i.gsi3sk) <= until && (after === undefined || String(i.gsi3sk) > after)).sort((a, b) => (String(a.gsi3sk) < String(b.gsi3sk) ? -1 : 1));
      const page = hits.slice(0, 50);
      return { items: page.map((i) => ({ trackingNumber: String(i.trackingNumber) })), scanned: page.length, next: hits.length > 50 ? { gsi3sk: page.at(-1)!.gsi3sk } : undefined };
    },
    async batchMembers(batchId) {
      const members = [...items.values()].filter((i) => i.batchId === batchId && i.orderId !== undefined).map((i) => clone(strip(i)));
      return { items: members, scanned: members.length };
    },
    async forOrder(orderId) {
      return [...items.values()].filter((i) => i.orderId === orderId).map((i) => clone(strip(i)));
    },
  };

  const alertPort: Pick<AlertStore, 'openIfAbsent' | 'get' | 'attach' | 'resolve'> = {
    async openIfAbsent(a) {
      const cur = alerts.get(a.id);
      if (cur) return { alert: clone(cur), created: false };
      alerts.set(a.id, clone(a));
      return { alert: a, created: true };
    },
    async get(id) {
      const a = alerts.get(id);
      return a ? clone(a) : undefined;
    },
    async attach(id, refs) {
      crash('attach');
      const a = alerts.get(id);
      if (!a) throw new Error('ConditionalCheckFailed');
      alerts.set(id, { ...a, incidentId: refs.incidentId, ...(refs.complaintId ? { complaintId: refs.complaintId } : {}) });
    },
    async resolve(id, resolvedAt, recoveredAt) {
      const a = alerts.get(id);
      if (!a || a.state !== 'open') return false;
      alerts.set(id, { ...a, state: 'resolved', resolvedAt, ...(recoveredAt ? { recoveredAt } : {}) } as StallAlert);
      return true;
    },
  };

  const incidentPort: Pick<IncidentStore, 'join' | 'markFannedOut' | 'leave'> = {
    async join(batchId, alertId): Promise<IncidentMembership> {
      const cur = incidents.get(batchId);
      if (cur) {
        cur.openAlerts.add(alertId);
        return { incidentId: cur.incidentId, opened: false, fannedOut: cur.fannedOut === true };
      }
      const incidentId = incidentIdFor(batchId, alertId);
      incidents.set(batchId, { incidentId, openAlerts: new Set([alertId]) });
      return { incidentId, opened: true, fannedOut: false };
    },
    async markFannedOut(batchId, incidentId) {
      crash('markFannedOut');
      const cur = incidents.get(batchId);
      if (cur?.incidentId === incidentId) cur.fannedOut = true;
    },
    async leave(batchId, alertId) {
      const cur = incidents.get(batchId);
      if (!cur) return false;
      cur.openAlerts.delete(alertId);
      if (cur.openAlerts.size > 0) return false;
      incidents.delete(batchId);
      return true;
    },
  };

  const notificationPort: Pick<NotificationStore, 'createIfAbsent' | 'markEnqueued'> = {
    async createIfAbsent(r): Promise<CreateResult> {
      const key = `${r.incidentId}|${r.orderId}`;
      const cur = notifications.get(key);
      if (cur) return { created: false, status: cur.status, enqueued: cur.enqueuedAt !== undefined };
      notifications.set(key, clone(r));
      return { created: true, record: r };
    },
    async markEnqueued(incidentId, orderId, at) {
      const cur = notifications.get(`${incidentId}|${orderId}`);
      if (!cur) throw new Error('ConditionalCheckFailed');
      cur.enqueuedAt ??= at.toISOString();
    },
  };

  const cursorPort: Pick<ScanCursorStore, 'get' | 'advance'> = {
    async get() {
      return cursor;
    },
    async advance(nextHour) {
      if (cursor === undefined || cursor < nextHour) cursor = nextHour;
    },
  };

  const queue: Pick<MessageQueue<NotifyMessage>, 'sendMany'> = {
    async sendMany(messages) {
      crash('sendMany');
      sent.push(...clone(messages));
    },
  };

  const complaints: ComplaintPort = {
    async reportStall(r) {
      const id = await o.complaints.reportStall(r);
      hooks.onReport?.();
      return id;
    },
    noteRecovery: (r) => o.complaints.noteRecovery(r),
  };

  const deps = {
    shipments,
    alerts: alertPort,
    incidents: incidentPort,
    notifications: notificationPort,
    cursor: cursorPort,
    complaints,
    notifyQueue: queue,
    rules: { defaultHours: 48, tagHours: {} },
    channels: { webhook: false, sms: true, email: true, outbox: false } satisfies ChannelAvailability,
    defaultLocale: 'zh-CN',
    logger: createLogger({ serviceName: 'test', level: 'SILENT' }),
    now: o.now,
    concurrency: o.concurrency ?? 4,
    onStallOpened: async (a: StallAlert, batchSize: number) => void heard.push({ alertId: a.id, batchSize }),
  } as unknown as StallDeps;

  return {
    deps,
    items,
    alerts,
    incidents,
    notifications,
    sent,
    heard,
    hooks,
    /** Writes a shipment as the shipment path would leave it (index keys for `now`). */
    put(s: Shipment, now = o.now()) {
      items.set(s.trackingNumber, clone(shipmentItem(s, now)));
    },
    /** A courier event lands: newer `lastEventAt`, index keys as the store decides them (the entry it holds kept while not later). */
    courierEvent(tn: string, at: string, now = o.now()) {
      const s = shipmentOf(items.get(tn)!);
      items.set(tn, clone(shipmentItem({ ...s, lastEventAt: at, status: 'in_transit', v: s.v + 1 }, now)));
    },
    cursor: () => cursor,
  };
}
