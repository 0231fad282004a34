import * as z from 'zod/mini';
import '../zod-locale.ts';
import { complaintSettings } from '../settings/complaints.ts';
import { intakeSettings } from '../settings/intake.ts';
import { logisticsSettings } from '../settings/logistics.ts';
import { operatorSettings } from '../settings/operator.ts';
import { platformSettings } from '../settings/platform.ts';
import { loadSlice, pick, type Slice } from '../settings/slice.ts';

export const operatorApiSlice = {
  schema: z.object({
    ...platformSettings,
    // INGEST_QUEUE_URL: /health checks it (a replay is queued by webhook-api, WEBHOOK_API_FUNCTION).
    ...pick(intakeSettings, ['INGEST_QUEUE_URL', 'RAW_EVENT_TTL_DAYS', 'AUDIT_BUCKET', 'AUDIT_DIR']),
    ...complaintSettings,
    // NOTIFY_QUEUE_URL: "retry a failed notification" re-queues its message.
    ...pick(logisticsSettings, ['CARRIER_DELAY_HOURS', 'CARRIER_DELAY_COMPENSATION_CNY', 'NOTIFY_QUEUE_URL']),
    ...operatorSettings,
  }),
  deployedRequires: ['TABLE_NAME', 'INGEST_QUEUE_URL', 'STALL_SCANNER_FUNCTION', 'WEBHOOK_API_FUNCTION'],
} as const satisfies Slice;

export const loadOperatorApiConfig = (env: Record<string, string | undefined> = process.env) => loadSlice('operator-api', operatorApiSlice, env);
