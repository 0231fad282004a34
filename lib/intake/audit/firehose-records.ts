import type { AuditRecord } from './audit-sink.ts';

/**
 * How audit records become Firehose records, and what they cost. Pure: the sink sends exactly
 * what `packAuditLines` builds and the cost model counts it through `firehoseBilling`, so the two
 * cannot drift.
 *
 * Firehose bills ingestion per record rounded UP to 5 KB ("a 3KB record is billed as 5KB"; the
 * rounding is per record, not per API call: https://aws.amazon.com/firehose/pricing/). An audit
 * record is ~0.7-1.5 KB, so one Firehose record per delivery pays 5 KB each. Instead the NDJSON
 * lines of one `put` are joined into as few Firehose records as the limits allow, and the stream
 * splits them back into one record per delivery before dynamic partitioning (RecordDeAggregation,
 * DELIMITED on AUDIT_LINE_DELIMITER; cdk/aftersales-stack.ts):
 * https://docs.aws.amazon.com/firehose/latest/dev/dynamic-partitioning-multirecord-deaggergation.html
 */

/** What separates the deliveries inside one Firehose record. JSON.stringify never writes a raw newline, so it cannot occur inside a line. */
export const AUDIT_LINE_DELIMITER = '\n';

/**
 * Firehose limits (https://docs.aws.amazon.com/firehose/latest/APIReference/API_PutRecordBatch.html):
 * a record is at most 1,000 KiB before base64; a PutRecordBatch call at most 500 records and 4 MiB;
 * record deaggregation is capped at 500 sub-records per record (more: "the request succeeds but the
 * record de-aggregation doesn't work as expected").
 */
export const FIREHOSE_LIMITS = {
  recordBytes: 1000 * 1024,
  linesPerRecord: 500,
  callRecords: 500,
  callBytes: 4 * 1024 * 1024,
  /** Ingestion is billed per record in 5 KB increments. */
  billingUnitBytes: 5 * 1024,
} as const;

/** One Firehose record: the joined lines, and how many deliveries it carries. */
export interface PackedRecord {
  data: Buffer;
  deliveries: number;
}

export const auditLineOf = (r: AuditRecord): Buffer => Buffer.from(JSON.stringify(r));

/**
 * Greedy, in order: groups of at most `count` items and `bytes` bytes, `separator` bytes counted
 * between two items of a group. An item over the byte limit still goes alone (Firehose refuses it,
 * and the sink's `put` throws). Used for the records (lines in a record) and for the calls
 * (records in a PutRecordBatch).
 */
export function groupWithin<T>(items: T[], limits: { count: number; bytes: number; separator?: number }, size: (item: T) => number): T[][] {
  const separator = limits.separator ?? 0;
  const out: T[][] = [];
  let cur: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const n = size(item);
    if (cur.length && (cur.length === limits.count || bytes + separator + n > limits.bytes)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    bytes += (cur.length ? separator : 0) + n;
    cur.push(item);
  }
  if (cur.length) out.push(cur);
  return out;
}

/**
 * Joins lines (in order) with the delimiter into records of at most `recordBytes` and
 * `linesPerRecord` lines; no trailing delimiter, so splitting a record on it gives back exactly its
 * lines.
 */
export function packAuditLines(lines: Buffer[], limits: Pick<typeof FIREHOSE_LIMITS, 'recordBytes' | 'linesPerRecord'> = FIREHOSE_LIMITS): PackedRecord[] {
  const delimiter = Buffer.from(AUDIT_LINE_DELIMITER);
  return groupWithin(lines, { count: limits.linesPerRecord, bytes: limits.recordBytes, separator: delimiter.length }, (l) => l.length).map((group) => ({
    data: Buffer.concat(group.flatMap((l, i) => (i ? [delimiter, l] : [l]))),
    deliveries: group.length,
  }));
}

export const packAuditRecords = (records: AuditRecord[]): PackedRecord[] => packAuditLines(records.map(auditLineOf));

/** What one `put` of these audit records costs in Firehose ingestion: records sent and bytes billed (5 KB rounding per record). */
export function firehoseBilling(records: AuditRecord[]): { records: number; billedBytes: number } {
  const packed = packAuditRecords(records);
  const unit = FIREHOSE_LIMITS.billingUnitBytes;
  return { records: packed.length, billedBytes: packed.reduce((sum, p) => sum + Math.ceil(p.data.length / unit) * unit, 0) };
}
