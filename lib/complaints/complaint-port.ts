import type { Customer, Money } from '../canonical/canonical.ts';

/** What the stall scanner tells the complaint engine about a stalled parcel. */
export interface StallReport {
  alertId: string;
  incidentId: string;
  orderId: string;
  carrier: string;
  trackingNumber: string;
  batchId?: string;
  /** The courier's newest event time (`occurredAt`), ISO-8601. */
  lastEventAt: string;
  detectedAt: string;
  hoursWithoutUpdate: number;
  /** Order facts the tier rules need (perishable / gift tags, value, promised date) and the contact. */
  orderFacts: { tags?: string[]; amount?: Money; promisedBy?: string; customer?: Customer; platform?: string };
}

/**
 * The complaint engine as the logistics-stall feature sees it. Both calls are idempotent per
 * `alertId`, so a scan that runs twice or is killed half-way and rerun changes nothing twice.
 */
export interface ComplaintPort {
  /** Opens (or finds) the order's `logistics` complaint and records the stall on its timeline. Returns its id. */
  reportStall(r: StallReport): Promise<string>;
  /** Records on the complaint's timeline that the parcel moves again. */
  noteRecovery(r: { complaintId: string; alertId: string; at: string; location?: string; description?: string }): Promise<void>;
}
