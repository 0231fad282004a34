import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import type { AuditRecord, AuditSink } from './audit-sink.ts';
import { FIREHOSE_LIMITS, groupWithin, packAuditRecords, type PackedRecord } from './firehose-records.ts';

const MAX_ATTEMPTS = 6;

/**
 * Deployed audit storage: a Kinesis Data Firehose delivery stream that batches records into S3
 * objects (newline-delimited JSON). The deliveries of one `put` travel as few Firehose records as
 * possible (their lines joined, firehose-records.ts: ingestion is billed per record rounded up to
 * 5 KB); the stream splits them back into one record per delivery before partitioning.
 *
 * PutRecordBatch can succeed as a call and still refuse some records (FailedPutCount > 0, an
 * ErrorCode per refused entry, typically throttling): exactly those are sent again, whole (every
 * delivery they carry), with backoff, and `put` throws if any remain, so the deliveries are
 * retried rather than acknowledged without their audit copy.
 */
export class FirehoseAuditSink implements AuditSink {
  constructor(
    private readonly firehose: FirehoseClient,
    private readonly streamName: string,
    private readonly backoffMs = (attempt: number) => Math.min(2000, 50 * 2 ** attempt),
  ) {}

  async put(records: AuditRecord[]): Promise<void> {
    for (const call of calls(packAuditRecords(records))) await this.send(call);
  }

  private async send(records: PackedRecord[]): Promise<void> {
    let pending = records;
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt >= MAX_ATTEMPTS) {
        const deliveries = pending.reduce((n, p) => n + p.deliveries, 0);
        throw new Error(`Firehose refused ${deliveries} audit record(s) (${pending.length} Firehose record(s)) after ${MAX_ATTEMPTS} attempts`);
      }
      if (attempt) await new Promise((r) => setTimeout(r, this.backoffMs(attempt)));
      const res = await this.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: this.streamName, Records: pending.map((p) => ({ Data: p.data })) }));
      if (!res.FailedPutCount) return;
      // RequestResponses is in request order: an entry with ErrorCode is a refused record. A count
      // without entries to match it: nothing is known accepted, so all of them go again.
      const refused = res.RequestResponses ? pending.filter((_, i) => res.RequestResponses![i]?.ErrorCode !== undefined) : [];
      pending = refused.length ? refused : pending;
    }
  }
}

/** PutRecordBatch calls within 500 records and 4 MiB each. */
const calls = (records: PackedRecord[]) => groupWithin(records, { count: FIREHOSE_LIMITS.callRecords, bytes: FIREHOSE_LIMITS.callBytes }, (p) => p.data.length);
