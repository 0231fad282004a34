import * as z from 'zod/mini';
import '../platform/zod-locale.ts';
import { coercedNumber, isoDateTime } from '../platform/zod-parts.ts';

/**
 * Canonical events (contract §3): the one vocabulary every provider adapter maps onto and the
 * domain reads. The `standard` provider accepts exactly these bodies; optional fields beyond the
 * contract are extensions, never changes.
 */
export const AFTER_SALES_TYPES = ['return_refund', 'refund_only', 'exchange', 'repair', 'reissue'] as const;
export const CATEGORIES = ['product_mismatch', 'logistics', 'usage', 'service', 'other'] as const;
export const TRACKING_STATUSES = [
  'info_received',
  'in_transit',
  'out_for_delivery',
  'failed_attempt',
  'available_for_pickup',
  'delivered',
  'exception',
  'returned',
  'unknown',
] as const;

export type AfterSalesType = (typeof AFTER_SALES_TYPES)[number];
export type Category = (typeof CATEGORIES)[number];
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];

const isoTime = isoDateTime({ offset: true });

/**
 * Numbers every store and queue can hold exactly. DynamoDB keeps 38 significant digits between
 * 1e-130 and 1e126 (1e200 and 1e-200 are refused on write), and a JS number above 2^53 is no longer
 * the integer the provider sent. Bounding here, in the one schema every adapter's output passes on
 * the ack path, turns such values into a 202 quarantine at the edge instead of a failure in the
 * worker after the ack (where it could only end in the DLQ).
 */
export const MAX_MONEY_VALUE = 1e12; // a trillion in major units: far beyond any order, far below 2^53
export const MAX_QUANTITY = 1_000_000;
/** Money: 0 or at least a millionth of a unit (no currency has finer minor units), at most MAX_MONEY_VALUE. */
const moneyValue = coercedNumber().check(
  z.nonnegative(),
  z.maximum(MAX_MONEY_VALUE),
  z.refine((v) => v === 0 || v >= 1e-6, { message: 'amount too small to be money' }),
);

export const moneySchema = z.object({ value: moneyValue, currency: z.string().check(z.minLength(3), z.maxLength(3)) });
export const customerSchema = z.object({
  id: z.optional(z.string().check(z.maxLength(200))),
  name: z.optional(z.string().check(z.maxLength(200))),
  phone: z.optional(z.string().check(z.maxLength(50))),
  email: z.optional(z.string().check(z.maxLength(320))),
  locale: z.optional(z.string().check(z.maxLength(20))),
});

export const orderShippedData = z.object({
  orderId: z.string().check(z.minLength(1), z.maxLength(200)),
  platform: z.optional(z.string().check(z.maxLength(100))),
  customer: z.optional(customerSchema),
  amount: z.optional(moneySchema),
  items: z._default(
    z.array(z.object({ sku: z.string().check(z.maxLength(200)), name: z.string().check(z.maxLength(500)), quantity: z.number().check(z.int(), z.positive(), z.maximum(MAX_QUANTITY)), tags: z.optional(z.array(z.string().check(z.maxLength(50))).check(z.maxLength(20))) })).check(z.maxLength(500)),
    [],
  ),
  tags: z.optional(z.array(z.string().check(z.maxLength(50))).check(z.maxLength(20))),
  carrier: z.string().check(z.minLength(1), z.maxLength(100)),
  trackingNumber: z.string().check(z.minLength(1), z.maxLength(100)),
  batchId: z.optional(z.string().check(z.maxLength(200))),
  origin: z.optional(z.string().check(z.maxLength(200))),
  shippedAt: isoTime,
  promisedBy: z.optional(isoTime),
});

export const aftersaleRequestedData = z.object({
  orderId: z.string().check(z.minLength(1), z.maxLength(200)),
  requestId: z.string().check(z.minLength(1), z.maxLength(200)),
  type: z.enum(AFTER_SALES_TYPES),
  reason: z._default(z.string().check(z.maxLength(2000)), ''),
  category: z.optional(z.enum(CATEGORIES)),
  amount: z.optional(moneySchema),
  evidence: z.optional(z.array(z.string().check(z.maxLength(2000))).check(z.maxLength(50))),
  customer: z.optional(customerSchema),
  platform: z.optional(z.string().check(z.maxLength(100))),
  /** Extension: a payment dispute / chargeback rather than a shop request. */
  dispute: z.optional(z.boolean()),
  /** Extension: facts the auto-approval rules need. */
  orderShipped: z.optional(z.boolean()),
  itemOpened: z.optional(z.boolean()),
  orderDeliveredAt: z.optional(isoTime),
  tags: z.optional(z.array(z.string().check(z.maxLength(50))).check(z.maxLength(20))),
});

export const aftersaleUpdatedData = z.object({
  orderId: z.string().check(z.minLength(1), z.maxLength(200)),
  requestId: z.string().check(z.minLength(1), z.maxLength(200)),
  /** Provider-neutral progress: approved, rejected, return_shipped, return_received, refunded, closed, dispute_won, dispute_lost, ... */
  status: z.string().check(z.minLength(1), z.maxLength(100)),
  note: z.optional(z.string().check(z.maxLength(2000))),
  amount: z.optional(moneySchema),
});

export const trackingUpdatedData = z.object({
  carrier: z.string().check(z.minLength(1), z.maxLength(100)),
  trackingNumber: z.string().check(z.minLength(1), z.maxLength(100)),
  status: z.enum(TRACKING_STATUSES),
  occurredAt: isoTime,
  location: z.optional(z.string().check(z.maxLength(500))),
  description: z.optional(z.string().check(z.maxLength(2000))),
  /** Extension: couriers that know the order (Shopify fulfillment events, EasyPost references). */
  orderId: z.optional(z.string().check(z.maxLength(200))),
  /** Extension: a return shipment (customer → shop) rather than the outbound parcel. */
  direction: z.optional(z.enum(['outbound', 'return'])),
});

export const complaintReportedData = z.object({
  orderId: z.string().check(z.minLength(1), z.maxLength(200)),
  channel: z.enum(['chat', 'phone', 'review', 'email', 'other']),
  category: z.optional(z.enum(CATEGORIES)),
  text: z.string().check(z.maxLength(5000)),
  customer: z.optional(customerSchema),
  platform: z.optional(z.string().check(z.maxLength(100))),
});

export const canonicalBodySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('order.shipped'), timestamp: isoTime, data: orderShippedData }),
  z.object({ type: z.literal('aftersale.requested'), timestamp: isoTime, data: aftersaleRequestedData }),
  z.object({ type: z.literal('aftersale.updated'), timestamp: isoTime, data: aftersaleUpdatedData }),
  z.object({ type: z.literal('tracking.updated'), timestamp: isoTime, data: trackingUpdatedData }),
  z.object({ type: z.literal('complaint.reported'), timestamp: isoTime, data: complaintReportedData }),
]);

export type CanonicalBody = z.infer<typeof canonicalBodySchema>;
export const CANONICAL_TYPES = ['order.shipped', 'aftersale.requested', 'aftersale.updated', 'tracking.updated', 'complaint.reported'] as const satisfies readonly CanonicalBody['type'][];
export type CanonicalType = CanonicalBody['type'];
export type OrderShipped = z.infer<typeof orderShippedData>;
export type AftersaleRequested = z.infer<typeof aftersaleRequestedData>;
export type AftersaleUpdated = z.infer<typeof aftersaleUpdatedData>;
export type TrackingUpdated = z.infer<typeof trackingUpdatedData>;
export type ComplaintReported = z.infer<typeof complaintReportedData>;
export type Customer = z.infer<typeof customerSchema>;
export type Money = z.infer<typeof moneySchema>;

/** A canonical event with where it came from. What the ingest worker hands to the domain. */
export type CanonicalEvent = CanonicalBody & {
  /** Unique and stable across redeliveries: `<provider>:<delivery id>:<index>`. */
  id: string;
  provider: string;
  /** The adapter's kind (registry): payment outcomes attach to the shop's request (complaint engine). */
  providerKind?: 'marketplace' | 'courier' | 'payment';
  /** The provider's own event / topic name, e.g. `refunds/create`, `charge.dispute.created`. */
  sourceEventType: string;
  /** When it happened per the provider (`timestamp`), used for ordering. */
  occurredAt: string;
  receivedAt: string;
};
