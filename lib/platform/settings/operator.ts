import * as z from 'zod/mini';
import '../zod-locale.ts';

/** The operator API's own settings. */
export const operatorSettings = {
  API_TOKEN: z.optional(z.string().check(z.minLength(1))),
  /** Deployed: the stall-scanner function `POST /stall-scan` hands the scan to (asynchronous invoke). */
  STALL_SCANNER_FUNCTION: z.optional(z.string()),
  /** Deployed: the webhook-api function a quarantine replay runs in (synchronous invoke: it holds the adapters and provider secrets). */
  WEBHOOK_API_FUNCTION: z.optional(z.string()),
};
