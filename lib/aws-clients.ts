import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
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
  const base = { region: config.AWS_REGION, maxAttempts: 3 };
  const dynamo = new DynamoDBClient({
    ...base,
    ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT, credentials: localCredentials } : {}),
  });
  const ddb = DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  const sqs = new SQSClient({
    ...base,
    ...(config.SQS_ENDPOINT ? { endpoint: config.SQS_ENDPOINT, credentials: localCredentials } : {}),
  });
  return { dynamo, ddb, sqs };
}
