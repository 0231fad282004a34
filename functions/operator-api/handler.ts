import { functionCredentials } from '../../lib/platform/aws/function-credentials.ts';
import { handle } from 'hono/aws-lambda';
import { composeOperatorDeps } from '../../lib/flows/compose-operator.ts';
import { createApiApp } from '../../lib/http/api-app.ts';
import { lambdaReplay } from '../../lib/intake/replay-invoke.ts';
import { lambdaScanTrigger } from '../../lib/logistics/scan-trigger.ts';
import { createDynamoClients } from '../../lib/platform/aws/dynamodb-client.ts';
import { createSqsClient } from '../../lib/platform/aws/sqs-client.ts';
import { loadOperatorApiConfig } from '../../lib/platform/function-config/operator-api.ts';
import { createLogger } from '../../lib/platform/logger.ts';

// The JSON read/operate API (the desk's pages, sign-in and /docs are the `desk` function's). A stall
// scan is handed to the scanner function (which holds the notify-queue grant) instead of running
// here, and a quarantine replay to webhook-api (which holds the adapters and provider secrets), so
// neither is bundled here.
const config = loadOperatorApiConfig();
const logger = createLogger({ serviceName: 'operator-api', level: config.LOG_LEVEL });
const { dynamo, ddb } = createDynamoClients(config);
const credentials = functionCredentials();

export const handler = handle(
  createApiApp(
    composeOperatorDeps({
      dynamo,
      ddb,
      sqs: createSqsClient(config),
      ingestQueueUrl: config.INGEST_QUEUE_URL ?? '',
      notifyQueueUrl: config.NOTIFY_QUEUE_URL,
      config,
      replay: lambdaReplay({ functionName: config.WEBHOOK_API_FUNCTION ?? '', region: config.AWS_REGION, credentials }),
      triggerScan: lambdaScanTrigger({
        functionName: config.STALL_SCANNER_FUNCTION ?? '',
        region: config.AWS_REGION,
        credentials,
      }),
      logger,
      now: () => new Date(),
    }),
  ),
);
