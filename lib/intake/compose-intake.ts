import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SectionConfig } from '../platform/config.ts';
import { SqsSender } from '../platform/queue/sqs-queue.ts';
import type { AcceptDeps } from './accept-delivery.ts';
import type { IngestMessage } from './ingest-message.ts';
import type { SecretSource } from './providers/secrets.ts';
import { ClaimCheckStore } from './claim-check-store.ts';
import { confirmersFor } from './paypal-event-confirmer.ts';

export type IntakeConfig = Omit<SectionConfig<'intake'>, 'INGEST_QUEUE_URL' | 'WEBHOOK_SECRETS_ID'> & { TABLE_NAME: string };

/** The ack path's parts: the ingest queue, the claim-check store for oversized deliveries, the secrets. */
export function composeAcceptDeps(o: { ddb: DynamoDBDocumentClient; sqs: SQSClient; ingestQueueUrl: string; config: IntakeConfig; secrets: SecretSource; now: () => Date }): AcceptDeps {
  const claimChecks = new ClaimCheckStore(o.ddb, o.config.TABLE_NAME, { ttlDays: o.config.RAW_EVENT_TTL_DAYS });
  return {
    secrets: o.secrets,
    queue: new SqsSender<IngestMessage>(o.sqs, o.ingestQueueUrl),
    storeOversized: (msg) => claimChecks.put(msg),
    toleranceSeconds: o.config.SIGNATURE_TOLERANCE_SECONDS,
    bodyLimitBytes: o.config.BODY_LIMIT_BYTES,
    now: o.now,
    // PayPal only (weak body binding): the one read on the ack path, on its own raw-event item.
    bodyHashSeen: (provider, deliveryId) => claimChecks.bodyHashOf(provider, deliveryId),
    confirmers: confirmersFor(o.config),
  };
}
