import type { IngestMessage } from '../ingest-message.ts';

/**
 * The audit copy of a delivery: what arrived, byte for byte, with its headers. The hot-path
 * dedup record in DynamoDB keeps only keys, state, outcome, event ids, the body hash and sizes;
 * the body lives here, kept for the same window (RAW_EVENT_TTL_DAYS).
 */
export interface AuditRecord {
  provider: string;
  deliveryId: string;
  receivedAt: string;
  outcome: IngestMessage['outcome'];
  sourceEventType?: string;
  bodySha256?: string;
  headers: Record<string, string>;
  body?: IngestMessage['body'];
}

/**
 * Audit storage behind a port: deployed a Kinesis Data Firehose stream batching into S3 (one S3
 * object per delivery would cost more than the DynamoDB write it replaces), locally a folder.
 * `put` resolves once every record is durable in the sink (or throws: the message is retried).
 */
export interface AuditSink {
  put(records: AuditRecord[]): Promise<void>;
}

export const auditRecordOf = (msg: Pick<IngestMessage, 'provider' | 'deliveryId' | 'receivedAt' | 'outcome' | 'sourceEventType' | 'bodySha256' | 'headers' | 'body'>): AuditRecord => ({
  provider: msg.provider,
  deliveryId: msg.deliveryId,
  receivedAt: msg.receivedAt,
  outcome: msg.outcome,
  sourceEventType: msg.sourceEventType,
  bodySha256: msg.bodySha256,
  headers: msg.headers,
  body: msg.body,
});

/**
 * Gathers the puts of one event-loop turn (the ten messages of an SQS batch are processed side by
 * side) into one sink call, up to `max` records, so the deployed sink sends one PutRecordBatch
 * per batch instead of one request per delivery. Each caller waits for its own batch.
 */
export function batching(sink: AuditSink, max = 500): AuditSink & { one(record: AuditRecord): Promise<void> } {
  let pending: { record: AuditRecord; done: (err?: unknown) => void }[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const batch = pending;
    pending = [];
    for (let i = 0; i < batch.length; i += max) {
      const part = batch.slice(i, i + max);
      sink.put(part.map((p) => p.record)).then(
        () => part.forEach((p) => p.done()),
        (err: unknown) => part.forEach((p) => p.done(err ?? new Error('audit put failed'))),
      );
    }
  };
  const one = (record: AuditRecord) =>
    new Promise<void>((resolve, reject) => {
      pending.push({ record, done: (err) => (err ? reject(err) : resolve()) });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
  return { one, put: async (records) => void (await Promise.all(records.map(one))) };
}
