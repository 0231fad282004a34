import type * as z from 'zod/mini';
import type { CanonicalBody } from '../../canonical/canonical.ts';

import type { ProviderId } from './index.ts';

export type ProviderKind = 'marketplace' | 'courier' | 'payment';

/** A webhook delivery exactly as received. Header names are lower-case; the body is the raw bytes. */
export interface InboundRequest {
  headers: Readonly<Record<string, string>>;
  rawBody: Buffer;
  receivedAt: Date;
  /**
   * The webhook URL's query parameters, where the transport passes them. Kuaidi100 lets the shop
   * put its own parameters on the callback URL (`?orderId=...`); nothing signs them, so adapters
   * use them only as hints (order linking), never for verification or dedup.
   */
  query?: Readonly<Record<string, string>>;
}

/** Secrets for one provider. `secrets` holds every active one (rotation); `extra` holds second keys. */
export interface ProviderSecrets {
  secrets: readonly string[];
  /** e.g. `{ PAYPAL_WEBHOOK_ID: '...' }`, `{ APIV3_KEY: '...' }`, read from `WEBHOOK_SECRET_<ID>_<NAME>`. */
  extra: Readonly<Record<string, string | undefined>>;
}

export interface VerifyContext extends ProviderSecrets {
  now: Date;
  toleranceSeconds: number;
}

/** What the provider must get back. Contractual for several providers (Alipay `success`, Kuaidi100 JSON...). */
export interface AckResponse {
  status: number;
  body: string;
  contentType: string;
}

/** Canonical event bodies an adapter produced, plus the provider's own type name for the audit trail. */
export interface NormalizedEvent {
  sourceEventType: string;
  body: CanonicalBody;
}

/**
 * What `parse` returns for an event type the adapter does not map: understood, acknowledged as the
 * provider expects, recorded as `ignored`, never quarantined (contract §1).
 */
export interface IgnoredEvent {
  ignored: true;
  eventType: string;
}
export const ignore = (eventType: string): IgnoredEvent => ({ ignored: true, eventType: eventType.slice(0, 100) || 'unknown' });
export const isIgnored = (p: unknown): p is IgnoredEvent => typeof p === 'object' && p !== null && (p as IgnoredEvent).ignored === true;

/**
 * One provider = one file implementing this. The intake pipeline calls, in order:
 * `decode` (400 on unreadable bytes) → `handshake` (unsigned pings answered, nothing stored) →
 * `verify` (401) → `eventId` → `parse` → `normalize` → `ack`.
 * `parse` dispatches on the event type FIRST and validates only the shape that type's mapping
 * needs: an unmapped type returns `ignore(type)`; a mapped type missing a needed field throws
 * (→ 202 quarantine). Fields a mapping does not read are never required.
 * Everything here is pure CPU: no I/O, so it runs on the ack path and in property tests.
 */
export interface ProviderAdapter<TDecoded = unknown, TParsed = unknown> {
  readonly id: ProviderId;
  readonly kind: ProviderKind;
  /** Media types the provider sends (without parameters). Anything else gets 415. */
  readonly contentTypes: readonly string[];
  /** True when the signature covers a timestamp, so captured requests expire (replay window). */
  readonly timestamped: boolean;
  /** Names of second keys beyond `WEBHOOK_SECRET_<ID>`, each read from `WEBHOOK_SECRET_<ID>_<NAME>`. */
  readonly extraSecrets?: readonly string[];
  /** Turn the raw bytes into the provider's envelope (JSON, form, array...). Throw `UnreadableBodyError`. */
  decode(req: InboundRequest): TDecoded;
  /**
   * Deliveries the provider sends to test the endpoint (WooCommerce's unsigned creation ping,
   * Douyin's tag "0" check). Answered as the provider expects; nothing is stored.
   */
  handshake?(req: InboundRequest, decoded: TDecoded): AckResponse | undefined;
  /** Throw `SignatureError` unless one of `ctx.secrets` signed exactly `req.rawBody` (and, if timestamped, recently). */
  verify(req: InboundRequest, decoded: TDecoded, ctx: VerifyContext): void;
  /**
   * The dedup key. It must come from SIGNED content only (an unsigned header can be changed on a
   * captured delivery to make a replay look new): the provider's own id where the signature
   * covers it, else a hash of what is signed. undefined → hash of provider + raw body.
   */
  eventId(req: InboundRequest, decoded: TDecoded): string | undefined;
  /**
   * Where the dedup key names one transmission rather than one event (PayPal's transmission id):
   * the provider's event id, so canonical event ids stay stable when the provider re-sends the
   * same event in a new transmission. Defaults to the dedup key.
   */
  eventKey?(req: InboundRequest, decoded: TDecoded): string | undefined;
  /**
   * True when the signature does not bind the body strongly (PayPal signs a CRC32 of it): a
   * dedup key seen before with a different body hash is refused (401) instead of accepted.
   */
  readonly weakBodyBinding?: boolean;
  /** Type first, then the type's shape (zod). Returns `ignore(type)` for unmapped types. */
  parse(decoded: TDecoded, ctx: ProviderSecrets): TParsed | IgnoredEvent;
  /** Map to canonical events; an empty list means "understood, nothing for after-sales" (recorded as ignored). */
  normalize(parsed: TParsed, req: InboundRequest): NormalizedEvent[];
  /** The body the provider requires on success. */
  ack(eventId: string): AckResponse;
}

/** Parse schema helper type for adapters. */
export type Schema<T> = z.ZodMiniType<T>;

export class UnreadableBodyError extends Error {
  override name = 'UnreadableBodyError';
}
export class SignatureError extends Error {
  override name = 'SignatureError';
}
export const jsonAck = (eventId: string): AckResponse => ({
  status: 200,
  body: JSON.stringify({ received: true, id: eventId }),
  contentType: 'application/json',
});
