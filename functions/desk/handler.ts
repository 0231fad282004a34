import { handle } from 'hono/aws-lambda';
import { composeDeskDeps } from '../../lib/flows/compose-desk.ts';
import { createDeskApp } from '../../lib/http/desk-app.ts';
import { createDynamoClients } from '../../lib/platform/aws/dynamodb-client.ts';
import { createSqsClient } from '../../lib/platform/aws/sqs-client.ts';
import { loadDeskConfig } from '../../lib/platform/function-config/desk.ts';
import { createLogger } from '../../lib/platform/logger.ts';

// The browser desk: the server-rendered pages (board, complaint, incident, CSV export), the forms
// they post, sign-in/out and /docs. The JSON API the pages' script calls (PATCH /complaints/:id,
// quarantine replay) is operator-api's; API Gateway routes each path to its function.
const config = loadDeskConfig();
const logger = createLogger({ serviceName: 'desk', level: config.LOG_LEVEL });
const { ddb } = createDynamoClients(config);

export const handler = handle(
  createDeskApp(
    composeDeskDeps({
      ddb,
      sqs: createSqsClient(config),
      config,
      logger,
      now: () => new Date(),
    }),
  ),
);
