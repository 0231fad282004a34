import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../lib/local/dynamodb-local.ts';
import { startSqsLocal } from '../../lib/local/sqs-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sqsEndpoint: string;
  }
}

/**
 * One embedded stack per test run: DynamoDB Local and fauxqs start once here; every integration
 * test file creates its own table and queues on them (see tests/helpers/service.ts).
 * DYNAMODB_ENDPOINT / SQS_ENDPOINT in the environment reuse running ones instead.
 */
export default async function setup(project: TestProject) {
  const [dynamo, sqs] = await Promise.all([
    process.env.DYNAMODB_ENDPOINT ? undefined : startDynamoDbLocal(),
    process.env.SQS_ENDPOINT ? undefined : startSqsLocal(),
  ]);
  project.provide('dynamoEndpoint', process.env.DYNAMODB_ENDPOINT ?? dynamo!.endpoint);
  project.provide('sqsEndpoint', process.env.SQS_ENDPOINT ?? sqs!.endpoint);
  return async () => {
    await Promise.allSettled([sqs?.stop(), dynamo?.stop()]);
  };
}
