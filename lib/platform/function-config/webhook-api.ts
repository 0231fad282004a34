import * as z from 'zod/mini';
import '../zod-locale.ts';
import { intakeSettings } from '../settings/intake.ts';
import { platformSettings } from '../settings/platform.ts';
import { loadSlice, type Slice } from '../settings/slice.ts';

/** The public front: the platform and the ack path's settings, nothing of the features behind the queue. */
export const webhookApiSlice = {
  schema: z.object({ ...platformSettings, ...intakeSettings }),
  deployedRequires: ['TABLE_NAME', 'INGEST_QUEUE_URL', 'WEBHOOK_SECRETS_ID'],
} as const satisfies Slice;

export const loadWebhookApiConfig = (env: Record<string, string | undefined> = process.env) => loadSlice('webhook-api', webhookApiSlice, env);
