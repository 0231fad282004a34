import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Config } from '../config.ts';
import { localCredentials } from './local-credentials.ts';

export interface DynamoClients {
  dynamo: DynamoDBClient;
  ddb: DynamoDBDocumentClient;
}

/**
 * DynamoDB is on worker and API paths, where a retried message is cheaper than a false failure:
 * 3 attempts × 5 s. Built once per process (module scope in Lambda) but always passed in, so tests
 * and fault-injection suites hand in their own.
 */
/** Whether the table answers (the outage guard's probe): DescribeTable, bounded. */
export const tableProbe = (dynamo: DynamoDBClient, tableName: string) => () => dynamo.send(new DescribeTableCommand({ TableName: tableName }), { abortSignal: AbortSignal.timeout(2000) });

export function createDynamoClients(config: Pick<Config, 'AWS_REGION' | 'DYNAMODB_ENDPOINT'>): DynamoClients {
  const dynamo = new DynamoDBClient({
    region: config.AWS_REGION,
    maxAttempts: 3,
    // Connecting to DynamoDB in-region takes milliseconds; the embedded DynamoDB Local on a busy
    // laptop can take seconds to accept a burst of new sockets (a fan-out opens dozens at once).
    requestHandler: new NodeHttpHandler({ connectionTimeout: config.DYNAMODB_ENDPOINT ? 3000 : 1000, requestTimeout: 5000 }),
    ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT, credentials: localCredentials } : {}),
  });
  const ddb = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } });
  return { dynamo, ddb };
}
