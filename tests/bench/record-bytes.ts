/**
 * The complaint record's size per webhook type, fast (`npx tsx tests/bench/record-bytes.ts`): one
 * instance of each type through the benchmark's path, printing the record item it wrote with each
 * attribute's share, largest first (the digest's parts too). A transaction charges each item 2 units per started KB, so
 * this says what stands between a record and the next unit boundary.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { attributeSize, imageSize, type WriteRecord } from './capacity.ts';
import { measureWebhookUnits } from './webhook-units.ts';
import { startDynamoDbLocal } from '../../lib/local/dynamodb-local.ts';
import { startSqsLocal } from '../../lib/local/sqs-local.ts';

/** Name bytes + value bytes per top-level attribute, as DynamoDB counts them. */
const shares = (img: Record<string, unknown>) =>
  Object.entries(marshall(img, { removeUndefinedValues: true, convertClassInstanceToMap: false }) as Record<string, AttributeValue>)
    .map(([name, v]) => ({ name, bytes: Buffer.byteLength(name) + attributeSize(v) }))
    .sort((a, b) => b.bytes - a.bytes);

const lastRecord = (log: WriteRecord[]) => log.filter((w) => w.entity === 'CMP' && w.key.sk === 'CMP' && w.post).at(-1)?.post;

const [dynamo, sqs] = await Promise.all([startDynamoDbLocal(), startSqsLocal()]);
try {
  const units = await measureWebhookUnits({ dynamo: dynamo.endpoint, sqs: sqs.endpoint }, 1, 0);
  for (const r of units.results) {
    const record = lastRecord(r.samples[0]?.log ?? []);
    if (!record) continue;
    const size = imageSize(record);
    console.log(`${r.type}: record ${size} B → ${Math.ceil(size / 1024)} write units per copy`);
    for (const s of shares(record)) {
      console.log(`  ${String(s.bytes).padStart(5)}  ${s.name}`);
      if (s.name === 'digest') for (const p of shares(record.digest as Record<string, unknown>)) console.log(`  ${String(p.bytes).padStart(11)}  ${p.name}`);
    }
  }
} finally {
  await Promise.all([dynamo.stop(), sqs.stop()]);
}
