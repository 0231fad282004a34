import { startDynamoDbLocal } from '../../lib/local/dynamodb-local.ts';
import { startSqsLocal } from '../../lib/local/sqs-local.ts';
const [d, s] = await Promise.all([startDynamoDbLocal(), startSqsLocal()]);
console.log(JSON.stringify({ DYNAMODB_ENDPOINT: d.endpoint, SQS_ENDPOINT: s.endpoint }));
await new Promise((r) => setTimeout(r, 120_000));
await Promise.allSettled([d.stop(), s.stop()]);
process.exit(0);
