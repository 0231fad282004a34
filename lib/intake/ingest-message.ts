import type { CanonicalEvent } from '../canonical/canonical.ts';

/**
 * What the ack path puts on the ingest queue. Self-contained: the worker needs no provider secret
 * (WeChat Pay's payload is decrypted on the ack path) and no second read, except for deliveries too
 * large for one message, which travel by claim check (`rawStoredInTable`).
 */
export interface IngestMessage {
  v: 1;
  provider: string;
  deliveryId: string;
  receivedAt: string;
  /** Request headers minus credentials (authorization, cookie), for audit and replay. */
  headers: Record<string, string>;
  /** Raw body exactly as received; utf8 when it is valid UTF-8, else base64. */
  body?: { encoding: 'utf8' | 'base64'; data: string };
  /** True when the raw event was written to the table on the ack path instead (oversized message). */
  rawStoredInTable?: boolean;
  /** `ignored`: verified and understood, but of a type no mapping uses (contract §1); nothing reaches the domain. */
  outcome: 'accepted' | 'quarantined' | 'ignored';
  /** Hex SHA-256 of the raw body: a dedup key seen again with another body is a forgery, not a retry. */
  bodySha256?: string;
  quarantineReason?: string;
  sourceEventType?: string;
  events: CanonicalEvent[];
  /** Set by quarantine replay: the delivery may replace its quarantined record. */
  replay?: boolean;
}

export function encodeBody(raw: Buffer): NonNullable<IngestMessage['body']> {
  const text = raw.toString('utf8');
  return Buffer.from(text, 'utf8').equals(raw) ? { encoding: 'utf8', data: text } : { encoding: 'base64', data: raw.toString('base64') };
}

export function decodeBody(body: NonNullable<IngestMessage['body']>): Buffer {
  return Buffer.from(body.data, body.encoding);
}
