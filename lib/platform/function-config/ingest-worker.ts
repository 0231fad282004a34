import * as z from 'zod/mini';
import '../zod-locale.ts';
import { complaintSettings } from '../settings/complaints.ts';
import { intakeSettings } from '../settings/intake.ts';
import { logisticsSettings } from '../settings/logistics.ts';
import { platformSettings } from '../settings/platform.ts';
import { loadSlice, pick, type Slice } from '../settings/slice.ts';

export const ingestWorkerSlice = {
  schema: z.object({
    ...platformSettings,
    ...pick(intakeSettings, ['RAW_EVENT_TTL_DAYS', 'AUDIT_STREAM_NAME', 'AUDIT_DIR']),
    ...complaintSettings,
    // NOTIFY_QUEUE_URL: urgent complaints and quality alerts go to the team robots through it.
    ...pick(logisticsSettings, ['STALL_THRESHOLD_HOURS', 'STALL_TAG_THRESHOLDS', 'NOTIFY_QUEUE_URL']),
  }),
  deployedRequires: ['TABLE_NAME', 'NOTIFY_QUEUE_URL'],
} as const satisfies Slice;

export const loadIngestWorkerConfig = (env: Record<string, string | undefined> = process.env) => loadSlice('ingest-worker', ingestWorkerSlice, env);
