import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import type { AuditRecord, AuditSink } from './audit-sink.ts';

/** PutRecordBatch limits: 500 records and 4 MiB per call. */
const MAX_RECORDS = 500;
const MAX_BYTES = 4 * 1024 * 1024;
const MAX_ATTEMPTS = 6;

/**
 * Deployed audit storage: a Kinesis Data Firehose delivery stream that batches records into S3
 * objects (newline-delimited JSON). PutRecordBatch can succeed as a call and still refuse some
 * records (FailedPutCount > 0, an ErrorCode per refused entry, typically throttling): exactly
 * those are sent again with backoff, and `put` throws if any remain, so the delivery is retried
 * rather than acknowledged without its audit copy.
 */
export class FirehoseAuditSink implements AuditSink {
  constructor(
    private readonly firehose: FirehoseClient,
    private readonly streamName: string,
    private readonly backoffMs = (attempt: number) => Math.min(2000, 50 * 2 ** attempt),
  ) {}

  async put(records: AuditRecord[]): Promise<void> {
    for (const chunk of chunks(records.map((r) => Buffer.from(`${JSON.stringify(r)}\n`)))) await this.send(chunk);
  }

  private async send(data: Buffer[]): Promise<void> {
    let pending = data;
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt >= MAX_ATTEMPTS) throw new Error(`Firehose refused ${pending.length} audit record(s) after ${MAX_ATTEMPTS} attempts`);
      if (attempt) await new Promise((r) => setTimeout(r, this.backoffMs(attempt)));
      const res = await this.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: this.streamName, Records: pending.map((Data) => ({ Data })) }));
      if (!res.FailedPutCount) return;
      // RequestResponses is in request order: an entry with ErrorCode is a refused record.
      pending = res.RequestResponses ? pending.filter((_, i) => res.RequestResponses![i]?.ErrorCode !== undefined) : pending;
    }
  }
}

function chunks(items: Buffer[]): Buffer[][] {
  const out: Buffer[][] = [];
  let cur: Buffer[] = [];
  let bytes = 0;
  for (const b of items) {
    if (cur.length && (cur.length === MAX_RECORDS || bytes + b.length > MAX_BYTES)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(b);
    bytes += b.length;
  }
  if (cur.length) out.push(cur);
  return out;
}
