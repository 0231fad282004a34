import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { gunzipSync } from 'node:zlib';
import type { AuditRecord } from './audit-sink.ts';

/** Where a delivery's audit copy is found again: by the fields its dedup record keeps. */
export interface AuditReader {
  get(provider: string, deliveryId: string, receivedAt: string): Promise<AuditRecord | undefined>;
}

/**
 * The S3 prefix Firehose's dynamic partitioning writes a delivery under (cdk/aftersales-stack.ts:
 * partition keys `provider` and `hour` = receivedAt[0:13], from the record itself), so the
 * dedup record names it without storing it. Shared with the stack so the two cannot drift.
 */
export const AUDIT_S3_PREFIX = 'deliveries/provider=!{partitionKeyFromQuery:provider}/hour=!{partitionKeyFromQuery:hour}/';
export const AUDIT_PARTITION_QUERY = '{provider: .provider, hour: .receivedAt[0:13]}';
export const auditPrefixOf = (provider: string, receivedAt: string) => `deliveries/provider=${provider}/hour=${receivedAt.slice(0, 13)}/`;

/**
 * Deployed reader: lists the delivery's provider + receive-hour prefix and scans its objects
 * (gzip, newline-delimited JSON) for the delivery id. A rare audit read (an operator opening one
 * delivery), so a scan of one hour of one provider is the price of having no per-delivery object
 * on the write path. A redelivery wrote the same content twice: the first copy is the answer.
 */
export class S3AuditReader implements AuditReader {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async get(provider: string, deliveryId: string, receivedAt: string): Promise<AuditRecord | undefined> {
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: auditPrefixOf(provider, receivedAt), ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        const found = await this.scan(o.Key!, deliveryId);
        if (found) return found;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return undefined;
  }

  private async scan(key: string, deliveryId: string): Promise<AuditRecord | undefined> {
    const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const bytes = Buffer.from(await res.Body!.transformToByteArray());
    // Firehose writes GZIP objects (the stream's compression); gzip starts with 1f 8b.
    const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
    // Cheap test before parsing: the id appears JSON-encoded in its own record's line.
    const needle = JSON.stringify(deliveryId);
    for (const line of text.split('\n')) {
      if (!line.includes(needle)) continue;
      const r = JSON.parse(line) as AuditRecord;
      if (r.deliveryId === deliveryId) return r;
    }
    return undefined;
  }
}
