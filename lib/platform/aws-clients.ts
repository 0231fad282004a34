import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Config } from './config.ts';

/**
 * SDK clients. Built once per process (module scope in Lambda) but always passed in, so tests and
 * fault-injection suites hand in their own. Local endpoints get dummy credentials: the emulators
 * accept any, and a developer's real AWS profile must never be picked up by accident.
 */
export interface AwsClients {
  dynamo: DynamoDBClient;
  ddb: DynamoDBDocumentClient;
  sqs: SQSClient;
}

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export function createAwsClients(config: Pick<Config, 'AWS_REGION' | 'DYNAMODB_ENDPOINT' | 'SQS_ENDPOINT'>): AwsClients {
  // Bounded: a slow queue must turn into a 503 on the ack path well inside a provider's own timeout
  // (Shopify and WeChat Pay give up after 5 s): 2 attempts × 2 s. DynamoDB is only on worker and API
  // paths, where a retried message is cheaper than a false failure: 3 attempts × 5 s.
  const base = { region: config.AWS_REGION };
  const dynamo = new DynamoDBClient({
    ...base,
    maxAttempts: 3,
    requestHandler: new NodeHttpHandler({ connectionTimeout: 1000, requestTimeout: 5000 }),
    ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT, credentials: localCredentials } : {}),
  });
  const ddb = DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  const sqs = new SQSClient({
    ...base,
    maxAttempts: 2,
    requestHandler: new NodeHttpHandler({ connectionTimeout: 1000, requestTimeout: 2000 }),
    ...(config.SQS_ENDPOINT ? { endpoint: config.SQS_ENDPOINT, credentials: localCredentials } : {}),
  });
  return { dynamo, ddb, sqs };
}
