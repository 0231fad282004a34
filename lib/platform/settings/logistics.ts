import * as z from 'zod/mini';
import '../zod-locale.ts';
import { num, numberMap } from './kinds.ts';

/** Stall detection, carrier-delay compensation and the customer notification queue. */
export const logisticsSettings = {
  STALL_THRESHOLD_HOURS: num(48, 1),
  STALL_TAG_THRESHOLDS: numberMap('perishable=24,fresh=24,flowers=24'),
  CARRIER_DELAY_HOURS: num(24),
  CARRIER_DELAY_COMPENSATION_CNY: num(50),
  NOTIFY_QUEUE_URL: z.optional(z.string()),
  DEFAULT_LOCALE: z._default(z.enum(['zh-CN', 'en']), 'zh-CN'),
};
