import * as z from 'zod/mini';
import '../zod-locale.ts';
import { int, num } from './kinds.ts';

/** The ack path and the raw-event records it leads to. */
export const intakeSettings = {
  INGEST_QUEUE_URL: z.optional(z.string()),
  /** Deployed: name or ARN of the Secrets Manager secret holding provider secrets. */
  WEBHOOK_SECRETS_ID: z.optional(z.string()),
  BODY_LIMIT_BYTES: int(256 * 1024, 1024),
  SIGNATURE_TOLERANCE_SECONDS: int(300, 1),
  /** Raw events (and with them the dedup window) are kept this long; never under 72 h. */
  RAW_EVENT_TTL_DAYS: num(30, 3),
  /**
   * Deployed: the Kinesis Data Firehose delivery stream the ingest worker sends delivery bodies to
   * (batched into S3, kept RAW_EVENT_TTL_DAYS); the dedup record then stays small. Unset: AUDIT_DIR.
   */
  AUDIT_STREAM_NAME: z.optional(z.string()),
  /** Deployed: the S3 bucket that stream writes to (the operator API reads audit copies from it). */
  AUDIT_BUCKET: z.optional(z.string()),
  /** Local audit storage: `<AUDIT_DIR>/<yyyy-mm-dd>/<provider>/<deliveryId>.json`. Empty: bodies stay in the dedup record. */
  AUDIT_DIR: z._default(z.string(), '.data/audit'),
  /**
   * Deployed: PayPal's API host (https://api-m.paypal.com); each PayPal delivery is then confirmed
   * with PayPal's verify-webhook-signature API before it is acknowledged (the CRC32 in PayPal's
   * own signature scheme can be forged). Unset: offline verification only (local default).
   */
  PAYPAL_VERIFY_API_BASE: z.optional(z.string().check(z.url())),
};
