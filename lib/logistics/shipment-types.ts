import type { Customer, Money, TrackingStatus } from '../canonical/canonical.ts';

/**
 * One outbound parcel, keyed by tracking number. Built from `order.shipped` (the order side: order,
 * batch, contact, tags) and `tracking.updated` (the courier side: status, newest event time), in
 * whatever order they arrive.
 */
export interface Shipment {
  trackingNumber: string;
  carrier: string;
  orderId?: string;
  batchId?: string;
  origin?: string;
  shippedAt?: string;
  status: TrackingStatus;
  /** The courier's own time of its newest event (`occurredAt`); the newest wins, a late older event changes nothing. */
  lastEventAt?: string;
  lastLocation?: string;
  lastDescription?: string;
  tags?: string[];
  amount?: Money;
  promisedBy?: string;
  /** Raw contact, kept only here for the notifier; never returned by the API or logged. */
  customer?: Customer;
  platform?: string;
  /** Stall threshold for this parcel's tags, frozen at write time so the stall index key is reproducible. */
  thresholdHours: number;
  /** The episode (its `lastEventAt`, or `shippedAt` when no courier event) an alert was opened for. */
  stalledEpisode?: string;
  /**
   * The order's logistics complaint, set BEFORE it can exist (the courier trouble that opens it is
   * written here first; other openers mark the order's shipments first): absent on a record with
   * `complaintFlag` means the order has none, so a routine scan skips the complaint read.
   */
  logisticsComplaintId?: string;
  /**
   * True once `logisticsComplaintId` is maintained for this record (checked when the order became
   * known to it). Records from before the flag existed lack it: their routine scans still read.
   */
  complaintFlag?: true;
  createdAt: string;
  updatedAt: string;
  /** Optimistic concurrency: every write is conditional on the version it read. */
  v: number;
  /**
   * Where the item's stall-index entry is, as read (from its index keys; never stored as an
   * attribute of its own). A write keeps it there while it comes due no later than the parcel
   * does: see `stallEntryFor`.
   */
  stallEntry?: StallSlot;
}

/** Where a shipment sits in the stall index, if anywhere. */
export interface StallSlot {
  /** `YYYY-MM-DDTHH` (UTC). */
  hour: string;
  dueAt: string;
}

export interface StallRules {
  defaultHours: number;
  /** Tag → hours; the smallest matching one wins. */
  tagHours: Record<string, number>;
}
