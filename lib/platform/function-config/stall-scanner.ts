import * as z from 'zod/mini';
import '../zod-locale.ts';
import { complaintSettings } from '../settings/complaints.ts';
import { logisticsSettings } from '../settings/logistics.ts';
import { notificationSettings } from '../settings/notifications.ts';
import { platformSettings } from '../settings/platform.ts';
import { loadSlice, pick, type Slice } from '../settings/slice.ts';

export const stallScannerSlice = {
  schema: z.object({
    ...platformSettings,
    ...complaintSettings,
    ...pick(logisticsSettings, ['STALL_THRESHOLD_HOURS', 'STALL_TAG_THRESHOLDS', 'NOTIFY_QUEUE_URL', 'DEFAULT_LOCALE']),
    // The scanner picks each order's channel from the same settings the notifier sends with.
    ...notificationSettings,
  }),
  deployedRequires: ['TABLE_NAME', 'NOTIFY_QUEUE_URL'],
} as const satisfies Slice;

export const loadStallScannerConfig = (env: Record<string, string | undefined> = process.env) => loadSlice('stall-scanner', stallScannerSlice, env);
