import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Config } from './config.ts';
import { createDynamoClients, type DynamoClients } from './aws/dynamodb-client.ts';
import { createSqsClient } from './aws/sqs-client.ts';

/** Both clients, for the local server and tests, which run every role; a Lambda builds only the one it uses. */
export interface AwsClients extends DynamoClients {
  sqs: SQSClient;
}

export function createAwsClients(config: Pick<Config, 'AWS_REGION' | 'DYNAMODB_ENDPOINT' | 'SQS_ENDPOINT'>): AwsClients {
  return { ...createDynamoClients(config), sqs: createSqsClient(config) };
}
