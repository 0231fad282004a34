import type { AftersaleRequested } from '../../canonical/canonical.ts';

const SEVEN_DAYS = 7 * 24 * 3600_000;

/**
 * Self-service auto-approval for the two standard cases of the domain page:
 * a refund for an order that has not shipped, and a 7-day no-reason return of an unopened item.
 */
export function autoApproval(req: AftersaleRequested, requestedAt: string): { approved: boolean; rule?: string } {
  if ((req.type === 'refund_only' || req.type === 'return_refund') && req.orderShipped === false && !req.dispute) {
    return { approved: true, rule: 'refund of an order not yet shipped' };
  }
  if (
    req.type === 'return_refund' &&
    req.itemOpened === false &&
    req.orderDeliveredAt !== undefined &&
    Date.parse(requestedAt) - Date.parse(req.orderDeliveredAt) <= SEVEN_DAYS &&
    Date.parse(requestedAt) >= Date.parse(req.orderDeliveredAt) &&
    !req.dispute
  ) {
    return { approved: true, rule: '7-day no-reason return of an unopened item' };
  }
  return { approved: false };
}
