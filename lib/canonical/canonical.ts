import * as z from 'zod';

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

const isoTime = z.iso.datetime({ offset: true });

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
const moneyValue = z.coerce
  .number()
  .finite()
  .nonnegative()
  .max(MAX_MONEY_VALUE)
  .refine((v) => v === 0 || v >= 1e-6, { message: 'amount too small to be money' });

export const moneySchema = z.object({ value: moneyValue, currency: z.string().min(3).max(3) });
export const customerSchema = z.object({
  id: z.string().max(200).optional(),
  name: z.string().max(200).optional(),
  phone: z.string().max(50).optional(),
  email: z.string().max(320).optional(),
  locale: z.string().max(20).optional(),
});

export const orderShippedData = z.object({
  orderId: z.string().min(1).max(200),
  platform: z.string().max(100).optional(),
  customer: customerSchema.optional(),
  amount: moneySchema.optional(),
  items: z
    .array(z.object({ sku: z.string().max(200), name: z.string().max(500), quantity: z.number().int().positive().max(MAX_QUANTITY), tags: z.array(z.string().max(50)).max(20).optional() }))
    .max(500)
    .default([]),
  tags: z.array(z.string().max(50)).max(20).optional(),
  carrier: z.string().min(1).max(100),
  trackingNumber: z.string().min(1).max(100),
  batchId: z.string().max(200).optional(),
  origin: z.string().max(200).optional(),
  shippedAt: isoTime,
  promisedBy: isoTime.optional(),
});

export const aftersaleRequestedData = z.object({
  orderId: z.string().min(1).max(200),
  requestId: z.string().min(1).max(200),
  type: z.enum(AFTER_SALES_TYPES),
  reason: z.string().max(2000).default(''),
  category: z.enum(CATEGORIES).optional(),
  amount: moneySchema.optional(),
  evidence: z.array(z.string().max(2000)).max(50).optional(),
  customer: customerSchema.optional(),
  platform: z.string().max(100).optional(),
  /** Extension: a payment dispute / chargeback rather than a shop request. */
  dispute: z.boolean().optional(),
  /** Extension: facts the auto-approval rules need. */
  orderShipped: z.boolean().optional(),
  itemOpened: z.boolean().optional(),
  orderDeliveredAt: isoTime.optional(),
  tags: z.array(z.string().max(50)).max(20).optional(),
});

export const aftersaleUpdatedData = z.object({
  orderId: z.string().min(1).max(200),
  requestId: z.string().min(1).max(200),
  /** Provider-neutral progress: approved, rejected, return_shipped, return_received, refunded, closed, dispute_won, dispute_lost, ... */
  status: z.string().min(1).max(100),
  note: z.string().max(2000).optional(),
  amount: moneySchema.optional(),
});

export const trackingUpdatedData = z.object({
  carrier: z.string().min(1).max(100),
  trackingNumber: z.string().min(1).max(100),
  status: z.enum(TRACKING_STATUSES),
  occurredAt: isoTime,
  location: z.string().max(500).optional(),
  description: z.string().max(2000).optional(),
  /** Extension: couriers that know the order (Shopify fulfillment events, EasyPost references). */
  orderId: z.string().max(200).optional(),
  /** Extension: a return shipment (customer → shop) rather than the outbound parcel. */
  direction: z.enum(['outbound', 'return']).optional(),
});

export const complaintReportedData = z.object({
  orderId: z.string().min(1).max(200),
  channel: z.enum(['chat', 'phone', 'review', 'email', 'other']),
  category: z.enum(CATEGORIES).optional(),
  text: z.string().max(5000),
  customer: customerSchema.optional(),
  platform: z.string().max(100).optional(),
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
