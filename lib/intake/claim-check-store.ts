import { PutCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { HttpError } from '../platform/errors.ts';
import { conditionalWrite } from '../platform/table/conditional-write.ts';
import { rawEventKey } from '../platform/table/keys.ts';
import { decodeBody, type IngestMessage } from './ingest-message.ts';

/** DynamoDB's item limit is 400 KB (names and values); the rest of the record needs a few hundred bytes. */
const MAX_PACKED_BYTES = 390 * 1024;

/**
 * The ack path's one write, for deliveries too large for a queue message: the claim-check record,
 * written before the pointer message is sent. Body, headers and parsed events travel gzip-packed
 * in ONE binary attribute, so any delivery under the body limit fits DynamoDB's 400 KB item
 * (unpacked, a 256 KiB body plus its events can reach twice that, and the write would fail on
 * every retry: 503 forever). What cannot fit even packed is refused with 413 before anything is
 * acknowledged. The ingest worker unpacks it (`unpackClaimCheck`) when it reads the record.
 * The public function's only other read is PayPal's body hash (`bodyHashOf`).
 */
export class ClaimCheckStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly o: { ttlDays: number },
  ) {}

  async put(msg: IngestMessage): Promise<void> {
    const { body, headers, events, v: _v, rawStoredInTable: _r, replay: _p, ...rest } = msg;
    const packed = gzipSync(Buffer.from(JSON.stringify({ body, headers, events })));
    if (packed.length > MAX_PACKED_BYTES) throw new HttpError(413, 'payload_too_large', 'the delivery is too large to store once parsed');
    const expiresAt = Math.floor(Date.parse(msg.receivedAt) / 1000) + Math.round(this.o.ttlDays * 86_400);
    // A retry of the same oversized delivery finds its record already there: nothing to do.
    await conditionalWrite(() =>
      this.ddb.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...rawEventKey(msg.provider, msg.deliveryId), ...rest, state: 'pending', packed, expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  /** The body hash a delivery id was first recorded with (PayPal: a transmission id must not come back with another body). */
  async bodyHashOf(provider: string, deliveryId: string): Promise<string | undefined> {
    const res = await this.ddb.send(new GetCommand({ TableName: this.tableName, Key: rawEventKey(provider, deliveryId), ConsistentRead: true }));
    const r = res.Item ? unpackClaimCheck(res.Item) : undefined;
    if (!r) return undefined;
    if (typeof r.bodySha256 === 'string') return r.bodySha256;
    const b = r.body as IngestMessage['body'] | undefined;
    return b ? createHash('sha256').update(decodeBody(b)).digest('hex') : undefined;
  }
}

/** A stored record with its packed claim-check fields (if any) restored in place. */
export function unpackClaimCheck<T extends Record<string, unknown>>(item: T): T {
  const packed = item.packed;
  if (!(packed instanceof Uint8Array)) return item;
  const { packed: _p, ...rest } = item;
  return { ...rest, ...(JSON.parse(gunzipSync(packed).toString('utf8')) as Record<string, unknown>) } as unknown as T;
}
