import * as z from 'zod/mini';
import '../zod-locale.ts';
import { coercedNumber } from '../zod-parts.ts';
import { int } from './kinds.ts';

/** The local server only (all roles in one process, its own pollers and queues). */
export const localSettings = {
  PORT: int(3000, 0),
  STALL_SCAN_INTERVAL_SECONDS: int(300, 1),
  SLA_CHECK_INTERVAL_SECONDS: int(60, 1),
  /** Local stack only: queue visibility timeout and max receives (deployed values come from the CDK stack). */
  LOCAL_QUEUE_VISIBILITY_SECONDS: z.optional(coercedNumber().check(z.int(), z.minimum(0))),
  LOCAL_QUEUE_MAX_RECEIVE_COUNT: z.optional(coercedNumber().check(z.int(), z.minimum(1))),
};
