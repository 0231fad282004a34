import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createRuntime } from '../../lib/runtime.ts';

const rt = createRuntime({ serviceName: 'notifier' });

/** Consumes the notify queue. Delivery lands with the logistics-stall feature. */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  rt.logger.info('notify batch', { records: event.Records.length });
  return { batchItemFailures: [] };
};
