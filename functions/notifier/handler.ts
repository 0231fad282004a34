import { createNotifyHandler } from '../../lib/notifications/notify-handler.ts';
import { createRuntime } from '../../lib/runtime.ts';

// SQS event source with ReportBatchItemFailures: failed records come back alone, with backoff.
export const handler = createNotifyHandler(createRuntime({ serviceName: 'notifier' }));
