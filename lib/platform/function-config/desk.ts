import * as z from 'zod/mini';
import '../zod-locale.ts';
import { complaintSettings } from '../settings/complaints.ts';
import { intakeSettings } from '../settings/intake.ts';
import { logisticsSettings } from '../settings/logistics.ts';
import { operatorSettings } from '../settings/operator.ts';
import { platformSettings } from '../settings/platform.ts';
import { loadSlice, pick, type Slice } from '../settings/slice.ts';

/** The browser desk: the complaint engine (the pages' forms change complaints), sign-in, the notification retry. */
export const deskSlice = {
  schema: z.object({
    ...platformSettings,
    // RAW_EVENT_TTL_DAYS: the raw-event store the board's quarantine panel reads through.
    ...pick(intakeSettings, ['RAW_EVENT_TTL_DAYS']),
    ...complaintSettings,
    // NOTIFY_QUEUE_URL: the incident page's "retry a failed notification" re-queues its message.
    ...pick(logisticsSettings, ['NOTIFY_QUEUE_URL']),
    ...pick(operatorSettings, ['API_TOKEN']),
  }),
  deployedRequires: ['TABLE_NAME', 'NOTIFY_QUEUE_URL'],
} as const satisfies Slice;

export const loadDeskConfig = (env: Record<string, string | undefined> = process.env) => loadSlice('desk', deskSlice, env);
