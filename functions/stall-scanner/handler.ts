import { createRuntime } from '../../lib/runtime.ts';

const rt = createRuntime({ serviceName: 'stall-scanner' });

/** Invoked by the EventBridge schedule. The scan itself lands with the logistics-stall feature. */
export const handler = async (): Promise<{ scanned: number }> => {
  rt.logger.info('stall scan tick');
  return { scanned: 0 };
};
