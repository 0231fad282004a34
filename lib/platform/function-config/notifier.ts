import * as z from 'zod/mini';
import '../zod-locale.ts';
import { logisticsSettings } from '../settings/logistics.ts';
import { notificationSettings } from '../settings/notifications.ts';
import { platformSettings } from '../settings/platform.ts';
import { loadSlice, pick, type Slice } from '../settings/slice.ts';

export const notifierSlice = {
  schema: z.object({ ...platformSettings, ...notificationSettings, ...pick(logisticsSettings, ['DEFAULT_LOCALE']) }),
  deployedRequires: ['TABLE_NAME'],
} as const satisfies Slice;

export const loadNotifierConfig = (env: Record<string, string | undefined> = process.env) => loadSlice('notifier', notifierSlice, env);
