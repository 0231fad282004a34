/**
 * The dedup record's size per webhook type, fast (`npx tsx tests/bench/evt-bytes.ts`): the
 * per-type measurement of the benchmark alone, one instance each, printing the EVT item's bytes.
 */
import { measureWebhookUnits } from './webhook-units.ts';
import { startDynamoDbLocal } from '../../lib/local/dynamodb-local.ts';
import { startSqsLocal } from '../../lib/local/sqs-local.ts';

const [dynamo, sqs] = await Promise.all([startDynamoDbLocal(), startSqsLocal()]);
try {
  const units = await measureWebhookUnits({ dynamo: dynamo.endpoint, sqs: sqs.endpoint }, 1, 0);
  for (const r of units.results) {
    const evt = r.items.EVT;
    console.log(`${r.type.padEnd(24)} EVT ${evt ? `${Math.round(evt.meanBytes)} B (max ${evt.maxBytes}) → ${Math.ceil(evt.maxBytes / 1024)} WRU` : '-'}  writes ${r.writes.total}`);
  }
} finally {
  await Promise.all([dynamo.stop(), sqs.stop()]);
}
