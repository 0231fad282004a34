import { AwsClient } from 'aws4fetch';
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

/** Where the deployed reader finds the bucket, and with whose credentials (Lambda sets them in its environment). */
export interface S3Target {
  bucket: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** An S3-compatible endpoint (tests: fauxqs), addressed path-style. */
  endpoint?: string;
}

const xmlText = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const tags = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => xmlText(m[1]!));

/**
 * Deployed reader: lists the delivery's provider + receive-hour prefix and scans its objects
 * (gzip, newline-delimited JSON) for the delivery id. A rare audit read (an operator opening one
 * delivery), so a scan of one hour of one provider is the price of having no per-delivery object
 * on the write path. A redelivery wrote the same content twice: the first copy is the answer.
 *
 * Two SigV4-signed REST calls (ListObjectsV2, GetObject) through aws4fetch, which the operator
 * API already carries for the scan trigger: @aws-sdk/client-s3 would add ~145 kB to its bundle.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
 */
export class S3AuditReader implements AuditReader {
  private readonly aws: AwsClient;

  private readonly base: string;

  constructor(
    t: S3Target,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.aws = new AwsClient({ ...t.credentials, region: t.region, service: 's3' });
    this.base = t.endpoint ? `${t.endpoint.replace(/\/$/, '')}/${t.bucket}` : `https://${t.bucket}.s3.${t.region}.amazonaws.com`;
  }

  async get(provider: string, deliveryId: string, receivedAt: string): Promise<AuditRecord | undefined> {
    let token: string | undefined;
    do {
      const query = new URLSearchParams({ 'list-type': '2', prefix: auditPrefixOf(provider, receivedAt), ...(token ? { 'continuation-token': token } : {}) });
      const xml = (await this.call(`${this.base}/?${query}`)).toString('utf8');
      for (const key of tags(xml, 'Key')) {
        const found = await this.scan(key, deliveryId);
        if (found) return found;
      }
      token = tags(xml, 'IsTruncated')[0] === 'true' ? tags(xml, 'NextContinuationToken')[0] : undefined;
    } while (token);
    return undefined;
  }

  private async call(url: string): Promise<Buffer> {
    const res = await this.fetchImpl(await this.aws.sign(url, { method: 'GET' }));
    const bytes = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw Object.assign(new Error(`audit bucket answered ${res.status}`), { name: res.status >= 500 ? 'ServiceUnavailable' : 'AuditReadRefused' });
    return bytes;
  }

  private async scan(key: string, deliveryId: string): Promise<AuditRecord | undefined> {
    const bytes = await this.call(`${this.base}/${key.split('/').map(encodeURIComponent).join('/')}`);
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
