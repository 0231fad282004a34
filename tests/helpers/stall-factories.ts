import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Webhook } from 'standardwebhooks';
import { standardSigner } from '../../events/signers/standard.ts';
import type { ComplaintPort, StallReport } from '../../lib/complaints/complaint-port.ts';
import type { CanonicalBody, CanonicalEvent, OrderShipped, TrackingUpdated } from '../../lib/canonical/canonical.ts';
import { shipmentItem } from '../../lib/logistics/shipment-store.ts';
import type { Shipment } from '../../lib/logistics/shipment-types.ts';

export const HOUR = 3_600_000;
export const hoursAgo = (h: number, from = Date.now()) => new Date(from - h * HOUR).toISOString();

/** Record factory: an `order.shipped` payload of a batch; `i` makes order, parcel and contact unique. */
export function orderShipped(batchId: string, i: number, over: Partial<OrderShipped> = {}): OrderShipped {
  return {
    orderId: `${batchId}-O${String(i).padStart(3, '0')}`,
    platform: 'own-shop',
    customer: { name: `客户${i}`, phone: `+86138${String(10_000_000 + i).slice(-8)}`, email: `buyer${i}@example.com`, locale: i % 2 ? 'en' : 'zh-CN' },
    amount: { value: 168, currency: 'CNY' },
    items: [{ sku: 'CHERRY-2KG', name: '智利车厘子 2kg', quantity: 1 }],
    carrier: 'sf-express',
    trackingNumber: `${batchId}-T${String(i).padStart(3, '0')}`,
    batchId,
    origin: 'Shenzhen DC',
    shippedAt: hoursAgo(50),
    ...over,
  };
}

export const tracking = (trackingNumber: string, occurredAt: string, status: TrackingUpdated['status'] = 'in_transit', over: Partial<TrackingUpdated> = {}): TrackingUpdated => ({
  carrier: 'sfexpress',
  trackingNumber,
  status,
  occurredAt,
  location: 'Guangzhou hub',
  ...over,
});

/** A canonical event as the ingest worker hands it to the domain. */
export function canonical(body: CanonicalBody): CanonicalEvent {
  const id = randomBytes(6).toString('hex');
  const now = new Date().toISOString();
  return { ...body, id: `standard:${id}:0`, provider: 'standard', sourceEventType: body.type, occurredAt: body.timestamp, receivedAt: now } as CanonicalEvent;
}

export const shippedBody = (d: OrderShipped): CanonicalBody => ({ type: 'order.shipped', timestamp: new Date().toISOString(), data: d });
export const trackingBody = (d: TrackingUpdated): CanonicalBody => ({ type: 'tracking.updated', timestamp: new Date().toISOString(), data: d });

/** POSTs a canonical body to /webhooks/standard, signed like any shop would (Standard Webhooks). */
export async function postStandard(baseUrl: string, body: CanonicalBody): Promise<number> {
  const d = standardSigner.sign(Buffer.from(JSON.stringify(body)));
  const res = await fetch(`${baseUrl}/webhooks/standard`, { method: 'POST', headers: d.headers, body: d.body });
  await res.arrayBuffer();
  return res.status;
}

/** A complaint port that records what the stall feature tells it (idempotent per alert, as the real one). */
export function recordingComplaints() {
  const reports: StallReport[] = [];
  const recoveries: Parameters<ComplaintPort['noteRecovery']>[0][] = [];
  const port: ComplaintPort = {
    async reportStall(r) {
      reports.push(r);
      return `cmp_${r.orderId}`;
    },
    async noteRecovery(r) {
      recoveries.push(r);
    },
  };
  return { reports, recoveries, port };
}

/** Writes shipment items straight to the table (BatchWriteItem, 25 per request) for scale setups. */
export async function putShipments(ddb: DynamoDBDocumentClient, tableName: string, shipments: Shipment[], now: Date, concurrency = 32): Promise<void> {
  const chunks: Shipment[][] = [];
  for (let i = 0; i < shipments.length; i += 25) chunks.push(shipments.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < chunks.length) {
        let items: Record<string, unknown>[] = chunks[next++]!.map((s) => shipmentItem(s, now));
        for (let attempt = 0; items.length; attempt++) {
          const res = await ddb.send(new BatchWriteCommand({ RequestItems: { [tableName]: items.map((Item) => ({ PutRequest: { Item } })) } }));
          items = (res.UnprocessedItems?.[tableName] ?? []).map((r) => r.PutRequest!.Item!);
          if (items.length) await new Promise((r) => setTimeout(r, 20 * 2 ** Math.min(attempt, 5)));
        }
      }
    }),
  );
}

/** A shipment record as order.shipped + tracking would leave it. */
export function shipment(batchId: string, i: number, lastEventAt: string, over: Partial<Shipment> = {}): Shipment {
  const now = new Date().toISOString();
  return {
    trackingNumber: `${batchId}-T${i}`,
    carrier: 'sf-express',
    orderId: `${batchId}-O${i}`,
    batchId,
    origin: 'Shenzhen DC',
    shippedAt: hoursAgo(72),
    status: 'in_transit',
    lastEventAt,
    customer: { phone: `+86139${String(10_000_000 + i).slice(-8)}`, locale: 'zh-CN' },
    thresholdHours: 48,
    createdAt: now,
    updatedAt: now,
    v: 1,
    ...over,
  };
}

/** A merchant messaging endpoint: verifies the Standard Webhooks signature and counts deliveries per webhook-id. */
export async function startWebhookReceiver(secret: string) {
  const verifier = new Webhook(secret);
  const deliveries = new Map<string, number>();
  const bodies: unknown[] = [];
  let invalid = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        verifier.verify(body, flatten(req.headers));
      } catch {
        invalid++;
        res.writeHead(401).end();
        return;
      }
      const id = String(req.headers['webhook-id']);
      deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
      bodies.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`,
    deliveries,
    bodies,
    invalid: () => invalid,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const flatten = (h: IncomingHttpHeaders) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));

export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`;
