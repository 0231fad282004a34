/** A logistics-stall alert as stored (contract §2 Alert plus when and how it ended). */
export interface StallAlert {
  id: string;
  type: 'logistics_stall';
  state: 'open' | 'resolved';
  carrier: string;
  trackingNumber: string;
  orderId: string;
  batchId?: string;
  /** The episode: the courier's newest event time when the stall was detected (ship time if none). */
  lastEventAt: string;
  detectedAt: string;
  /** At detection; the API shows the live value for open alerts. */
  hoursWithoutUpdate: number;
  complaintId?: string;
  incidentId?: string;
  resolvedAt?: string;
  /** Courier time of the event that ended the stall. */
  recoveredAt?: string;
}

export const ALERT_STATES = ['open', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];
