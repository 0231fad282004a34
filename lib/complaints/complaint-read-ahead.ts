import { createHash } from 'node:crypto';
import type { CanonicalEvent } from '../canonical/canonical.ts';
import { complaintKey, counterKey, orderFactsKey, pendingRefundsKey } from '../platform/table/keys.ts';
import type { TableKey } from '../platform/table/prefetch.ts';
import { complaintIdOf, issueKeyOf } from './domain/complaint-reducer.ts';

/** Round-robin position of the first responder (首问负责制). */
export const OWNER_COUNTER = 'owner-round-robin';

/** Repeat claims are counted per customer under a hash of the phone (else e-mail): never the contact itself. */
export const customerKeyOf = (customer: { phone?: string; email?: string } | undefined) =>
  customer?.phone || customer?.email ? createHash('sha256').update((customer.phone ?? customer.email!).trim().toLowerCase()).digest('hex').slice(0, 24) : undefined;

export const claimsCounter = (customerKey: string) => `claims#${customerKey}`;

/**
 * What the complaint engine reads first for a customer's or a shop's request, known from the event
 * alone: the complaint it lands on, and what a new one is born with (the order's facts, the
 * round-robin position, the customer's earlier claims, refunds that came first). The ingest worker
 * reads them with the dedup record in one BatchGetItem, so opening a complaint costs one read
 * round trip before its write. Courier events are left out: the shipment record decides first.
 */
export function complaintReadAhead(events: CanonicalEvent[]): TableKey[] {
  const keys: TableKey[] = [];
  for (const e of events) {
    if (e.type !== 'aftersale.requested' && e.type !== 'aftersale.updated' && e.type !== 'complaint.reported') continue;
    const orderId = e.data.orderId;
    const issueKey = orderId ? issueKeyOf(e, { orderId }) : undefined;
    if (!orderId || !issueKey) continue;
    keys.push(complaintKey(complaintIdOf(orderId, issueKey)));
    if (e.type === 'aftersale.updated') continue; // lands on its request (or a payment's own record): nothing is born here
    keys.push(orderFactsKey(orderId), counterKey(OWNER_COUNTER));
    const customerKey = customerKeyOf(e.data.customer);
    if (customerKey) keys.push(counterKey(claimsCounter(customerKey)));
    if (e.type === 'aftersale.requested' && (e.data.type === 'refund_only' || e.data.type === 'return_refund')) keys.push(pendingRefundsKey(orderId));
  }
  return keys;
}
