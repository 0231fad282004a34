import type { NotificationRecord } from '../notification-types.ts';
import type { RenderedMessage } from '../templates.ts';

/** A notification ready to go out: the record plus the recipient's contact, read from the shipment at send time. */
export interface OutboundNotification extends NotificationRecord {
  to: { name?: string; phone?: string; email?: string };
  platform?: string;
  carrier: string;
}

export interface SendResult {
  ok: boolean;
  /** Human-readable outcome; never the raw contact. */
  detail?: string;
  /** A failure worth retrying later (timeout, 5xx, throttling). */
  retryable?: boolean;
}

/** One way of reaching a customer. Implementations must not log or return the raw contact. */
export interface NotificationChannel {
  send(n: OutboundNotification, rendered: RenderedMessage): Promise<SendResult>;
}
