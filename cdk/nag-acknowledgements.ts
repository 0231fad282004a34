import { Validations, type Stack } from 'aws-cdk-lib';

/** Each acknowledged cdk-nag finding, with the specific reason it is acceptable here. */
export function acknowledgeNagFindings(stack: Stack): void {
  const findings = [
    { id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: 'AWSLambdaBasicExecutionRole only allows writing the function’s own CloudWatch logs; the CDK attaches it to every Lambda role.' },
    { id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]', reason: 'Only the X-Ray actions xray:PutTraceSegments / PutTelemetryRecords (Tracing.ACTIVE) use Resource *: X-Ray supports no resource-level permissions.' },
    { id: 'AwsSolutions::AwsSolutions-IAM5[Resource::<TableCD117FA1.Arn>/index/*]', reason: 'Queries on the table’s own GSIs (index/*) — the single table of this stack, no other data.' },
    { id: 'AwsSolutions::AwsSolutions-IAM5[Resource::<StallScannerFDE39B50.Arn>:*]', reason: 'grantInvoke on the stall-scanner function also covers its versions and aliases (<arn>:*): the operator API may invoke that one function only.' },
    { id: 'AwsSolutions::AwsSolutions-IAM5[Resource::<WebhookApi28122C53.Arn>:*]', reason: 'grantInvoke on the webhook-api function also covers its versions and aliases (<arn>:*): the operator API invokes that one function for a quarantine replay (the adapters and provider secrets live there).' },
    { id: 'AwsSolutions-SMG4', reason: 'Provider webhook secrets are issued by the providers (Stripe, Shopify, ...) and rotated in their dashboards; automatic rotation cannot create them. Several active secrets per provider allow rotation without downtime.' },
    { id: 'AwsSolutions-APIG4', reason: 'POST /webhooks/{provider} and GET /health are public on purpose: providers cannot sign AWS requests; each delivery is authenticated by the provider’s own signature, verified in the function before anything is stored. The operator routes are authenticated by operator-api and desk themselves (named operator tokens stored as hashes, server-side sessions, CSRF checks; no open mode when deployed) because a browser cannot sign AWS requests; -c operatorAuth=iam or a JWT issuer puts an API Gateway authorizer in front.' },
    { id: 'AwsSolutions-SQS3', reason: 'These queues ARE the dead-letter queues of the ingest and notify queues.' },
    // Audit storage (Firehose → S3): the CDK's S3 destination grants the delivery stream's own role
    // read/write on the audit bucket, these action groups on that one bucket and its objects only.
    ...['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map((a) => ({
      id: `AwsSolutions::AwsSolutions-IAM5[Action::${a}]`,
      reason: `${a} is granted only to the audit delivery stream's role, on the audit bucket and its objects (the CDK's S3 destination: Firehose writes multipart objects and checks the bucket).`,
    })),
    { id: 'AwsSolutions::AwsSolutions-IAM5[Resource::<AuditBucketB01E0AE8.Arn>/*]', reason: 'Objects of the audit bucket only: Firehose writes objects under keys it names itself; its object keys are chosen by Firehose.' },
    { id: 'AwsSolutions::AwsSolutions-IAM5[Resource::<AuditBucketB01E0AE8.Arn>/deliveries/*]', reason: 'The operator API reads delivery bodies (s3:GetObject) under deliveries/ only: Firehose names the objects inside a delivery’s provider + hour prefix, so no narrower key is known in advance.' },
    { id: 'AwsSolutions-S1', reason: 'The audit bucket is written only by the audit delivery stream and read only by the operator API; its object-level access is in CloudTrail data events when enabled. A server-access-log bucket would itself need a log bucket and would double the objects for no reader.' },
    { id: 'CloudFormation-Validate::W7001', reason: 'The unused mapping (Firehose CIDR blocks per region) is emitted by the CDK’s Firehose construct for destinations that need IP allowlists; S3 does not.' },
    { id: 'AwsSolutions-L1', reason: 'Functions use Node.js 24, the newest runtime this aws-cdk-lib offers; the CDK-internal log-retention/custom-resource functions are managed by the CDK.' },
  ];
  for (const f of findings) Validations.of(stack).acknowledge(f);
}
