import { FirehoseClient } from '@aws-sdk/client-firehose';
import { S3AuditReader, type AuditReader } from './audit-reader.ts';
import { functionCredentials } from '../../platform/aws/function-credentials.ts';
import { batching, type AuditRecord } from './audit-sink.ts';
import { FirehoseAuditSink } from './firehose-audit-sink.ts';
import { FolderAuditSink } from './folder-audit-sink.ts';

export interface AuditConfig {
  STAGE: string;
  AWS_REGION?: string;
  AUDIT_STREAM_NAME?: string;
  AUDIT_DIR?: string;
  RAW_EVENT_TTL_DAYS: number;
}

/**
 * The ingest worker's audit storage from its settings: the Firehose stream when deployed
 * (AUDIT_STREAM_NAME), else the local folder (AUDIT_DIR), else none (bodies stay in the dedup
 * record). Puts of one SQS batch are gathered into one sink call.
 */
export function auditFromConfig(config: AuditConfig, o: { firehose?: FirehoseClient } = {}): { one(record: AuditRecord): Promise<void> } | undefined {
  if (config.AUDIT_STREAM_NAME) {
    const firehose = o.firehose ?? new FirehoseClient({ region: config.AWS_REGION, maxAttempts: 3 });
    return batching(new FirehoseAuditSink(firehose, config.AUDIT_STREAM_NAME));
  }
  // A deployed function has no writable data folder: without a stream the record keeps the body.
  if (config.AUDIT_DIR && config.STAGE === 'local') return batching(new FolderAuditSink(config.AUDIT_DIR, config.RAW_EVENT_TTL_DAYS));
  return undefined;
}

/**
 * The operator API's view of audit storage: the S3 bucket deployed (AUDIT_BUCKET), the local folder
 * (AUDIT_DIR), else none (bodies stay in the dedup record and are read from there).
 */
export function auditReaderFromConfig(config: Pick<AuditConfig, 'STAGE' | 'AWS_REGION' | 'AUDIT_DIR' | 'RAW_EVENT_TTL_DAYS'> & { AUDIT_BUCKET?: string }): AuditReader | undefined {
  if (config.AUDIT_BUCKET) return new S3AuditReader({ bucket: config.AUDIT_BUCKET, region: config.AWS_REGION ?? process.env.AWS_REGION ?? 'us-east-1', credentials: functionCredentials() });
  if (config.AUDIT_DIR && config.STAGE === 'local') return new FolderAuditSink(config.AUDIT_DIR, config.RAW_EVENT_TTL_DAYS);
  return undefined;
}
