import { handle } from 'hono/aws-lambda';
import { createWebhookApp } from '../../lib/http/webhook-app.ts';
import { queueProbe } from '../../lib/http/health-routes.ts';
import { composeAcceptDeps } from '../../lib/intake/compose-intake.ts';
import { secretsManagerSource } from '../../lib/intake/providers/secrets.ts';
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

export const handler = handle(
  createWebhookApp({
    accept: composeAcceptDeps({ ddb, sqs, ingestQueueUrl, config, secrets: providerSecrets, now }),
    logger,
    health: queueProbe({ sqs, queueUrls: [ingestQueueUrl] }),
  }),
);
