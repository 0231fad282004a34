import type { z } from 'zod';
import type { CanonicalBody } from '../../canonical/canonical.ts';

import type { ProviderId } from './index.ts';

export type ProviderKind = 'marketplace' | 'courier' | 'payment';

/** A webhook delivery exactly as received. Header names are lower-case; the body is the raw bytes. */
export interface InboundRequest {
  headers: Readonly<Record<string, string>>;
  rawBody: Buffer;
  receivedAt: Date;
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
 * One provider = one file implementing this. The intake pipeline calls, in order:
 * `decode` (400 on unreadable bytes) → `handshake` (unsigned pings answered, nothing stored) →
 * `verify` (401) → `eventId` → `schema`/`parse` (202 quarantine on failure) → `normalize` → `ack`.
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
  /** The provider's own delivery/event id, stable across retries; undefined → hash of provider + body. */
  eventId(req: InboundRequest, decoded: TDecoded): string | undefined;
  /** Validates the decoded envelope against the provider's real payload shape (zod). */
  parse(decoded: TDecoded, ctx: ProviderSecrets): TParsed;
  /** Map to canonical events; an empty list means "understood, nothing for after-sales". */
  normalize(parsed: TParsed, req: InboundRequest): NormalizedEvent[];
  /** The body the provider requires on success. */
  ack(eventId: string): AckResponse;
}

/** Parse schema helper type for adapters. */
export type Schema<T> = z.ZodType<T>;

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
