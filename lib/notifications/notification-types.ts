import type { Locale } from './templates.ts';

export const CHANNEL_NAMES = ['webhook', 'sms', 'email', 'outbox'] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

/**
 * `sending` is internal (a notifier holds the claim); the API shows it as `queued`, the contract's
 * four states being what a reader needs.
 */
export type NotificationStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'skipped';

/** A proactive notification as stored. Holds no raw contact: the notifier reads it from the shipment at send time. */
export interface NotificationRecord {
  id: string;
  incidentId: string;
  batchId?: string;
  orderId: string;
  /** The parcel whose shipment holds the contact and the order facts the template uses. */
  trackingNumber: string;
  channel: ChannelName | 'none';
  locale: Locale;
  template: string;
  status: NotificationStatus;
  reason?: string;
  queuedAt: string;
  sentAt?: string;
  /** Masked recipient, for operators. */
  recipient?: string;
  /** Set once the notify queue accepted its message; a rerun of the scan re-sends records without it. */
  enqueuedAt?: string;
  attempts?: number;
  lockUntil?: number;
  /** What the channel answered (masked). */
  detail?: string;
  /** The rendered text, kept for the local outbox. */
  message?: { subject: string; text: string };
}

/** Contract §2 Notification, exactly. */
export interface NotificationView {
  id: string;
  incidentId: string;
  batchId?: string;
  orderId: string;
  channel: string;
  locale: string;
  template: string;
  status: 'queued' | 'sent' | 'failed' | 'skipped';
  reason?: string;
  queuedAt: string;
  sentAt?: string;
}

export function toNotificationView(r: NotificationRecord): NotificationView {
  return {
    id: r.id,
    incidentId: r.incidentId,
    batchId: r.batchId,
    orderId: r.orderId,
    channel: r.channel,
    locale: r.locale,
    template: r.template,
    status: r.status === 'sending' ? 'queued' : r.status,
    reason: r.reason,
    queuedAt: r.queuedAt,
    sentAt: r.sentAt,
  };
}

/** The notify queue's message: just the record's key; everything else is read when it is delivered. */
export interface NotifyMessage {
  v: 1;
  notificationId: string;
  incidentId: string;
  orderId: string;
}
