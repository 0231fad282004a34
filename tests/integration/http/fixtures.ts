import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually, type startTestService } from '../../helpers/service.ts';
import { hoursAgo, orderShipped, postStandard, shippedBody, tracking, trackingBody } from '../../helpers/stall-factories.ts';

export type Svc = Awaited<ReturnType<typeof startTestService>>;

/** In-process request to the service's app (no port needed), with the given bearer token. */
export function client(svc: Svc, token?: string) {
  return (path: string, init: RequestInit = {}) =>
    svc.app.request(`http://127.0.0.1${path}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string>) } });
}

export const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({ headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** Creates an operator through the admin route and returns its token. */
export async function addOperator(svc: Svc, adminToken: string, name: string, role: 'viewer' | 'agent' | 'admin'): Promise<string> {
  const res = await client(svc, adminToken)('/operators', { method: 'POST', ...json({ name, role }) });
  if (res.status !== 201) throw new Error(`operator ${name}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export const uniq = (label: string) => `${label}-${randomBytes(3).toString('hex')}`;

/** A shop's after-sales request with the customer's contact, posted signed; resolves with the complaint id. */
export async function seedComplaint(svc: Svc, o: { orderId: string; phone?: string; email?: string; platform?: string; type?: string }): Promise<string> {
  const body = {
    type: 'aftersale.requested',
    timestamp: new Date().toISOString(),
    data: {
      orderId: o.orderId,
      requestId: `${o.orderId}-R1`,
      type: o.type ?? 'refund_only',
      reason: '颜色和图片色差很大 colour does not match the listing photo',
      amount: { value: 299, currency: 'CNY' },
      platform: o.platform,
      customer: { name: '李娜', phone: o.phone, email: o.email, locale: 'zh-CN' },
    },
  };
  const status = await postStandard(svc.url, body as never);
  if (status !== 200) throw new Error(`webhook answered ${status}`);
  return eventually(async () => (await svc.parts.complaints.store.forOrder(o.orderId))[0]?.id, `complaint for ${o.orderId}`);
}

/** A merchant messaging endpoint that refuses (400: not retryable) until healed, then accepts. */
export async function startFlakyReceiver() {
  let healthy = false;
  let accepted = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (!healthy) return void res.writeHead(400).end();
      accepted++;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`,
    heal: () => void (healthy = true),
    accepted: () => accepted,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * A batch of two parcels, one without a courier scan for 49 h; a stall scan opens the incident and
 * queues a warning for both orders, which the (still refusing) receiver makes fail.
 */
export async function seedFailedIncident(svc: Svc, batchId: string): Promise<{ incidentId: string; orderIds: string[] }> {
  const orders = [orderShipped(batchId, 0), orderShipped(batchId, 1)];
  for (const o of orders) if ((await postStandard(svc.url, shippedBody(o))) !== 200) throw new Error('order.shipped refused');
  for (const [i, o] of orders.entries()) if ((await postStandard(svc.url, trackingBody(tracking(o.trackingNumber, hoursAgo(i === 0 ? 49 : 3))))) !== 200) throw new Error('tracking refused');
  await eventually(async () => {
    const { items } = await svc.parts.stall.shipments.batchMembers(batchId);
    return items.length === 2 && items.every((s) => s.lastEventAt !== undefined);
  }, 'shipments with their courier events');
  await svc.parts.stallScan.run();
  const incidentId = await eventually(async () => (await svc.parts.stall.alerts.list('open', { limit: 50 })).items.find((a) => a.batchId === batchId)?.incidentId, 'the incident');
  const orderIds = orders.map((o) => o.orderId);
  await eventually(async () => {
    const { items } = await svc.parts.stall.notifications.list({ incidentId }, 50);
    return items.length === 2 && items.every((n) => n.status === 'failed');
  }, 'both notifications failed', 40_000);
  return { incidentId, orderIds };
}
