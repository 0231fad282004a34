import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../lib/local/dynamodb-local.ts';
import { startSqsLocal } from '../../lib/local/sqs-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sqsEndpoint: string;
  }
}

interface Stack {
  dynamoEndpoint: string;
  sqsEndpoint: string;
  stop: () => Promise<void>;
}

/**
 * One embedded stack per test run: DynamoDB Local and fauxqs start once here; every integration
 * test file creates its own table and queues on them (see tests/helpers/service.ts).
 * DYNAMODB_ENDPOINT / SQS_ENDPOINT in the environment reuse running ones instead.
 *
 * Each project that names this file runs it (`npm test` runs integration and cdk): the projects
 * share the one stack (kept on globalThis: the setup runs in the one main process), and the last
 * project to finish stops it.
 */
const shared = globalThis as typeof globalThis & { __hubTestStack?: { stack: Promise<Stack>; users: number } };

async function start(): Promise<Stack> {
  const [dynamo, sqs] = await Promise.all([
    process.env.DYNAMODB_ENDPOINT ? undefined : startDynamoDbLocal(),
    process.env.SQS_ENDPOINT ? undefined : startSqsLocal(),
  ]);
  return {
    dynamoEndpoint: process.env.DYNAMODB_ENDPOINT ?? dynamo!.endpoint,
    sqsEndpoint: process.env.SQS_ENDPOINT ?? sqs!.endpoint,
    stop: async () => {
      await Promise.allSettled([sqs?.stop(), dynamo?.stop()]);
    },
  };
}

export default async function setup(project: TestProject) {
  shared.__hubTestStack ??= { stack: start(), users: 0 };
  const entry = shared.__hubTestStack;
  entry.users++;
  const stack = await entry.stack;
  project.provide('dynamoEndpoint', stack.dynamoEndpoint);
  project.provide('sqsEndpoint', stack.sqsEndpoint);
  return async () => {
    if (--entry.users > 0) return;
    if (shared.__hubTestStack === entry) shared.__hubTestStack = undefined;
    await stack.stop();
  };
}
