export interface SignOptions {
  /**
   * The signing key: the shared secret for HMAC/MD5 schemes, the private key PEM for public-key
   * schemes. Defaults to the local default (matching `lib/providers/local-defaults.ts`).
   */
  key?: string;
  /** Signature time; defaults to now. Tests pass an old one to prove replay rejection. */
  timestamp?: Date;
  /** The delivery id the provider would send; defaults to a fresh one. */
  deliveryId?: string;
  /** The provider's topic/event header where it has one (from the sample's `.meta.json`). */
  topic?: string;
}

export interface SignedDelivery {
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * One signer per provider (`events/signers/<id>.ts`), shared by tests, the CLI and the benchmark.
 * `sign` turns a sample file's bytes into exactly what the provider puts on the wire (for most
 * providers the bytes are unchanged and only headers are added; Alipay and WeChat Pay transform
 * the readable sample into the signed form / encrypted envelope).
 */
export interface ProviderSigner {
  sign(sample: Buffer, opts?: SignOptions): SignedDelivery;
  /** The same delivery with its signature removed (for the "missing signature → 401" test). */
  unsign(delivery: SignedDelivery): SignedDelivery;
  /** A key of the right kind that is NOT the configured one (for the "wrong secret → 401" test). */
  otherKey(): string;
}
