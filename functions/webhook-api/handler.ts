import { handle } from 'hono/aws-lambda';
import { createWebhookApp } from '../../lib/http/webhook-app.ts';
import { queueProbe } from '../../lib/http/health-routes.ts';
import { composeAcceptDeps } from '../../lib/intake/compose-intake.ts';
import { secretsManagerSource } from '../../lib/intake/providers/secrets.ts';
import { replayQuarantined, replayRecordOf } from '../../lib/intake/replay-quarantined.ts';
import { extensionOptionsFrom, readSecretString } from '../../lib/platform/aws/secrets-extension.ts';
import { createDynamoClients } from '../../lib/platform/aws/dynamodb-client.ts';
import { createSqsClient } from '../../lib/platform/aws/sqs-client.ts';
import { loadWebhookApiConfig } from '../../lib/platform/function-config/webhook-api.ts';
import { createLogger } from '../../lib/platform/logger.ts';

// The public front: verify → enqueue → ack. It may send to the ingest queue, read the provider
// secret and write a claim check; it never reads the table. Built once per cold start.
const config = loadWebhookApiConfig();
const logger = createLogger({ serviceName: 'webhook-api', level: config.LOG_LEVEL });
const { ddb } = createDynamoClients(config);
const sqs = createSqsClient(config);
const ingestQueueUrl = config.INGEST_QUEUE_URL ?? '';
const now = () => new Date();
// Deployed, provider secrets always come from the one Secrets Manager secret (never the local defaults).
const providerSecrets = secretsManagerSource(() => readSecretString(config.WEBHOOK_SECRETS_ID ?? '', extensionOptionsFrom(process.env)));

const accept = composeAcceptDeps({ ddb, sqs, ingestQueueUrl, config, secrets: providerSecrets, now });
const http = handle(
  createWebhookApp({
    accept,
    logger,
    health: queueProbe({ sqs, queueUrls: [ingestQueueUrl] }),
  }),
);

/**
 * API Gateway's requests go to the app. The one other caller is the operator API, invoking this
 * function directly to replay a quarantined delivery with the adapters and secrets held here
 * (lib/intake/replay-invoke.ts): a payload with an `action` (which API Gateway events never have).
 */
type HttpEvent = Parameters<typeof http>[0];
export const handler = async (event: HttpEvent | Record<string, unknown>, context?: Parameters<typeof http>[1]) => {
  if (typeof event !== 'object' || event === null || !('action' in event)) return http(event as HttpEvent, context);
  const record = replayRecordOf(event);
  const result = await replayQuarantined(record, { secrets: accept.secrets, ingestQueue: accept.queue });
  logger.info('quarantine replay', { provider: record.provider, deliveryId: record.deliveryId, replayed: result.replayed });
  return result;
};
