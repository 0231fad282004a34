import { createIngestHandler } from '../../lib/intake/ingest-handler.ts';
import { createRuntime } from '../../lib/runtime.ts';

export const handler = createIngestHandler(createRuntime({ serviceName: 'ingest-worker' }));
