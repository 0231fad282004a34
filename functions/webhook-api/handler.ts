import { handle } from 'hono/aws-lambda';
import { createApp } from '../../lib/http/app.ts';
import { createRuntime } from '../../lib/runtime.ts';

// Built once per cold start; API Gateway HTTP API (payload 2.0) events go straight to the Hono app.
export const handler = handle(createApp(createRuntime({ serviceName: 'webhook-api' })));
