import type { OrderFacts } from '../complaints/complaint-service.ts';
import type { ShipmentStore } from '../logistics/shipment-store.ts';

/**
 * The complaint engine's view of an order, from the order's shipment (`order.shipped`): tags, value,
 * promised date, platform and the contact. Passed to the engine as a function, so complaints never
 * import logistics and logistics reaches complaints only through its port.
 */
export function orderFactsFrom(shipments: Pick<ShipmentStore, 'forOrder'>): (orderId: string) => Promise<OrderFacts | undefined> {
  return async (orderId) => {
    const s = (await shipments.forOrder(orderId))[0];
    return s ? { tags: s.tags, amount: s.amount, promisedBy: s.promisedBy, platform: s.platform, customer: s.customer } : undefined;
  };
}
