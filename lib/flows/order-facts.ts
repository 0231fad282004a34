import type { OrderFacts } from '../complaints/complaint-service.ts';
import type { ShipmentStore } from '../logistics/shipment-store.ts';
import type { Shipment } from '../logistics/shipment-types.ts';

/**
 * The complaint engine's view of an order, from the order's shipment (`order.shipped`): tags,
 * value, promised date, platform, the contact and the items. Passed to the engine as a function,
 * so complaints never import logistics and logistics reaches complaints only through its port.
 * A batch id derived from carrier|origin|date is a shipping group, not a product batch: only a
 * batch the shop named is given to the items (the quality signal counts product batches).
 */
export function orderFactsFrom(shipments: Pick<ShipmentStore, 'forOrder'>): (orderId: string) => Promise<OrderFacts | undefined> {
  return async (orderId) => {
    const s = (await shipments.forOrder(orderId))[0];
    return s ? shipmentFacts(s) : undefined;
  };
}

export function shipmentFacts(s: Shipment & { items?: { sku: string; name?: string; quantity?: number }[] }, items?: { sku: string; name?: string; quantity?: number }[]): OrderFacts {
  const named = s.batchId && !s.batchId.includes('|') ? s.batchId : undefined;
  const list = items ?? s.items ?? [];
  return {
    tags: s.tags,
    amount: s.amount,
    promisedBy: s.promisedBy,
    platform: s.platform,
    customer: s.customer,
    items: list.map((i) => ({ sku: i.sku, ...(i.name ? { name: i.name } : {}), ...(named ? { batchId: named } : {}), ...(i.quantity !== undefined ? { quantity: i.quantity } : {}) })),
    source: { at: s.shippedAt ?? s.createdAt, id: s.trackingNumber },
  };
}
