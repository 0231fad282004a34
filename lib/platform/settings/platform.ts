import * as z from 'zod/mini';
import '../zod-locale.ts';

/** What every function reads: where it runs, its table, the local emulators' endpoints, log level. */
export const platformSettings = {
  AWS_REGION: z._default(z.string(), 'us-east-1'),
  STAGE: z._default(z.string(), 'local'),
  TABLE_NAME: z._default(z.string().check(z.minLength(3)), 'aftersales-hub'),
  DYNAMODB_ENDPOINT: z.optional(z.string().check(z.url())),
  SQS_ENDPOINT: z.optional(z.string().check(z.url())),
  LOG_LEVEL: z._default(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT', 'debug', 'info', 'warn', 'error', 'silent']), 'INFO'),
};
