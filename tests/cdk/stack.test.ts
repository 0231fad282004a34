import { beforeAll, describe, expect, it } from 'vitest';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { queueDefinitions, tableDefinition } from '../../lib/platform/table/definitions.ts';
import { roleStatements, synthesize } from './synth.ts';
import { App } from 'aws-cdk-lib';
import { propsFromContext } from '../../cdk/context.ts';
import { functionSlices, loadFunctionConfig, type FunctionName } from '../../lib/platform/config.ts';
import { environmentFor } from '../../cdk/function-environment.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEPLOYED } from '../bench/cost.ts';
import { AUDIT_LINE_DELIMITER } from '../../lib/intake/audit/firehose-records.ts';

let s: ReturnType<typeof synthesize>;
let t: Template;
beforeAll(() => {
  s = synthesize({ alarmEmail: 'oncall@example.com' }, { templateOnly: true });
  t = Template.fromStack(s.stack);
}, 300_000);

const resources = (type: string) => Object.entries(t.findResources(type)) as [string, { Properties: Record<string, any>; Metadata?: Record<string, any> }][];

describe('the deployment stack', () => {
  it('builds the table from the very same definition object the local stack uses', () => {
    expect(s.stack.definitions.table).toBe(tableDefinition);
    expect(s.stack.definitions.queues).toBe(queueDefinitions);
    const [, table] = resources('AWS::DynamoDB::Table')[0]!;
    expect(table.Properties.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }]);
    expect(table.Properties.GlobalSecondaryIndexes.map((g: any) => [g.IndexName, g.KeySchema[0].AttributeName, g.KeySchema[1].AttributeName])).toEqual(tableDefinition.indexes.map((i) => [i.indexName, i.partitionKey, i.sortKey]));
    // no index copies whole items: keys only, or keys plus the few attributes a listing filters on
    expect(table.Properties.GlobalSecondaryIndexes.map((g: any) => [g.IndexName, g.Projection])).toEqual([
      ['gsi1', { ProjectionType: 'KEYS_ONLY' }],
      ['gsi2', { ProjectionType: 'INCLUDE', NonKeyAttributes: ['incidentId', 'batchId'] }],
      ['gsi3', { ProjectionType: 'KEYS_ONLY' }],
      ['gsi4', { ProjectionType: 'INCLUDE', NonKeyAttributes: ['batchId'] }],
      ['gsi5', { ProjectionType: 'INCLUDE', NonKeyAttributes: ['tier'] }],
      ['gsi6', { ProjectionType: 'KEYS_ONLY' }],
    ]);
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: tableDefinition.ttlAttribute, Enabled: true },
    });
  });

  it('has ingest and notify queues with DLQs, redrive, SSE, SSL only, visibility ≥ 6× the consumer timeout', () => {
    const queues = resources('AWS::SQS::Queue');
    expect(queues).toHaveLength(4);
    for (const def of Object.values(queueDefinitions)) {
      expect(def.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * def.consumerTimeoutSeconds);
      const main = queues.find(([, q]) => q.Properties.VisibilityTimeout === def.visibilityTimeoutSeconds && q.Properties.RedrivePolicy);
      expect(main, def.id).toBeDefined();
      expect(main![1].Properties.RedrivePolicy.maxReceiveCount).toBe(def.maxReceiveCount);
    }
    for (const [, q] of queues) expect(q.Properties.SqsManagedSseEnabled).toBe(true);
    const policies = resources('AWS::SQS::QueuePolicy');
    expect(policies).toHaveLength(4);
    for (const [, p] of policies) expect(JSON.stringify(p.Properties.PolicyDocument)).toContain('aws:SecureTransport');
    t.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
    t.allResourcesProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'], MaximumBatchingWindowInSeconds: Match.anyValue() });
  });

  it('runs six functions on arm64 with the newest Node.js runtime, memory and timeouts set', () => {
    const fns = resources('AWS::Lambda::Function').filter(([, f]) => f.Properties.Handler === 'index.handler');
    expect(fns).toHaveLength(6);
    for (const [, f] of fns) {
      expect(f.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
      expect(f.Properties.MemorySize).toBeGreaterThanOrEqual(256);
      expect(f.Properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
    }
    const byService = (name: string) => fns.find(([, f]) => f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === name)![1].Properties;
    expect(byService('ingest-worker').Timeout).toBe(queueDefinitions.ingest.consumerTimeoutSeconds);
    // the benchmark's cost and drain model prices exactly what the stack deploys
    expect([byService('webhook-api').MemorySize, byService('ingest-worker').MemorySize, byService('stall-scanner').MemorySize]).toEqual([DEPLOYED.webhookApiMemoryMb, DEPLOYED.ingestWorkerMemoryMb, DEPLOYED.stallScannerMemoryMb]);
    const ingestSource = resources('AWS::Lambda::EventSourceMapping').find(([, m]) => JSON.stringify(m.Properties.EventSourceArn).includes('ingestQueue'))![1].Properties;
    expect([ingestSource.BatchSize, ingestSource.ScalingConfig?.MaximumConcurrency]).toEqual([DEPLOYED.ingestBatchSize, DEPLOYED.ingestMaxConcurrency]);
    expect(byService('notifier').ReservedConcurrentExecutions).toBe(5);
    expect(byService('webhook-api').Environment.Variables.WEBHOOK_SECRETS_ID).toBeDefined();
    expect(byService('ingest-worker').Environment.Variables.WEBHOOK_SECRETS_ID).toBeUndefined();
    // quarantine replay runs in webhook-api: operator-api names that function and reads no provider secret
    expect(byService('operator-api').Environment.Variables.WEBHOOK_SECRETS_ID).toBeUndefined();
    expect(JSON.stringify(byService('operator-api').Environment.Variables.WEBHOOK_API_FUNCTION)).toMatch(/WebhookApi/);
    // the desk: its table and the notify queue (a notification retry), nothing it hands over to another function
    const desk = byService('desk');
    expect(desk.Timeout).toBe(29);
    expect(JSON.stringify(desk.Environment.Variables.TABLE_NAME)).toMatch(/Table/);
    expect(JSON.stringify(desk.Environment.Variables.NOTIFY_QUEUE_URL)).toMatch(/notifyQueue/);
    for (const k of ['WEBHOOK_SECRETS_ID', 'INGEST_QUEUE_URL', 'STALL_SCANNER_FUNCTION', 'WEBHOOK_API_FUNCTION', 'AUDIT_BUCKET']) expect(desk.Environment.Variables[k], k).toBeUndefined();
  });

  it('grants each role exactly the actions on its allowlist, on this stack’s resources only', () => {
    const policies = resources('AWS::IAM::Policy');
    const roles = Object.keys(t.findResources('AWS::IAM::Role'));
    const roleOf = (prefix: string) => roles.find((r) => r.startsWith(prefix))!;
    const statementsOf = (role: string) => roleStatements(t, role);
    // X-Ray rights come with Tracing.ACTIVE: by default only on the functions that do not run per webhook.
    const tracing = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];
    // item actions only: no Scan, no stream reads (nothing in the code makes them); BatchWriteItem only for the ingest worker's done records
    const items = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
    const probe = 'dynamodb:DescribeTable';
    const send = ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];
    const consume = ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'];
    const secret = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];
    const allow: Record<string, string[]> = {
      // public: enqueue, read the provider secret, write a claim check — no table read, no notify queue
      WebhookApi: ['dynamodb:PutItem', 'dynamodb:GetItem', ...send, ...secret],
      // s3:GetObject + s3:ListBucket: a delivery's audit copy for GET /deliveries/:provider/:id/body;
      // no provider secret (quarantine replay is invoked in webhook-api, lambda:InvokeFunction)
      OperatorApi: [...tracing, ...items, probe, ...send, 'lambda:InvokeFunction', 's3:GetObject', 's3:ListBucket'],
      // the pages: reads by key and index (no Scan, no stream), sessions and the forms' complaint changes
      // (transaction items), the notify queue for a retry; no invoke, no audit bucket, no secret
      Desk: [...tracing, ...items, ...send],
      // firehose:PutRecordBatch: delivery bodies to audit storage; BatchWriteItem: a batch's done records in one request
      IngestWorker: [...items, 'dynamodb:BatchWriteItem', probe, ...consume, ...send, 'firehose:PutRecordBatch'],
      StallScanner: [...tracing, ...items, ...send, ...secret],
      // no channel configured in this synthesis: no SES / SMS right (see the channel test below)
      Notifier: [...tracing, ...items, probe, ...consume, ...secret],
    };
    for (const [prefix, allowed] of Object.entries(allow)) {
      const granted = new Set(statementsOf(roleOf(prefix)).flatMap((st) => [st.Action].flat()));
      expect([...granted].sort(), prefix).toEqual([...new Set(allowed)].sort());
    }
    for (const [, p] of policies) {
      for (const st of p.Properties.PolicyDocument.Statement as { Action: string | string[] }[]) {
        for (const a of [st.Action].flat()) expect(a, 'no wildcard actions').not.toMatch(/^\*$|:\*$/);
      }
    }
    // The public role's resources: the ingest queue (not the notify queue), the secret, the table item writes.
    const webhook = JSON.stringify(statementsOf(roleOf('WebhookApi')));
    expect(webhook).toContain('ingestQueue');
    expect(webhook).not.toContain('notifyQueue');
    // its one read: GetItem on PayPal's raw-event items only (the transmission id's body hash)
    const reads = statementsOf(roleOf('WebhookApi')).filter((st) => [st.Action].flat().includes('dynamodb:GetItem'));
    expect(reads).toHaveLength(1);
    expect(JSON.stringify(reads[0])).toContain('"dynamodb:LeadingKeys":["EVT#paypal#*"]');
    expect([reads[0]!.Action].flat()).toEqual(['dynamodb:GetItem']);
    // lambda:InvokeFunction only on the scanner function (stall scan) and webhook-api (quarantine replay)
    const invoke = statementsOf(roleOf('OperatorApi')).filter((st) => [st.Action].flat().includes('lambda:InvokeFunction'));
    expect(JSON.stringify(invoke.map((st) => st.Resource))).toMatch(/StallScanner/);
    expect(JSON.stringify(invoke.map((st) => st.Resource))).toMatch(/WebhookApi/);
    expect(JSON.stringify(invoke.map((st) => st.Resource))).not.toMatch(/Notifier|IngestWorker|OperatorApi/);
    // operator-api sends to the notify queue only: a replay is queued by webhook-api, /health only reads the ingest queue's attributes
    const sends = statementsOf(roleOf('OperatorApi')).filter((st) => [st.Action].flat().includes('sqs:SendMessage'));
    expect(JSON.stringify(sends.map((st) => st.Resource))).toMatch(/notifyQueue/);
    expect(JSON.stringify(sends.map((st) => st.Resource))).not.toMatch(/ingestQueue/);
    const deskSends = statementsOf(roleOf('Desk')).filter((st) => [st.Action].flat().includes('sqs:SendMessage'));
    expect(JSON.stringify(deskSends.map((st) => st.Resource))).toMatch(/notifyQueue/);
    expect(JSON.stringify(deskSends.map((st) => st.Resource))).not.toMatch(/ingestQueue/);
    // the desk's table rights are on this table and its indexes only
    const deskTable = statementsOf(roleOf('Desk')).filter((st) => [st.Action].flat().some((a) => a.startsWith('dynamodb:')));
    expect(deskTable).toHaveLength(1);
    expect(JSON.stringify(deskTable[0]!.Resource)).toMatch(/Table.*index\/\*/);
    // the audit grants: exactly the audit stream, exactly the audit bucket's objects
    const put = statementsOf(roleOf('IngestWorker')).filter((st) => [st.Action].flat().includes('firehose:PutRecordBatch'));
    expect(put).toHaveLength(1);
    expect([put[0]!.Action].flat()).toEqual(['firehose:PutRecordBatch']);
    expect(JSON.stringify(put[0]!.Resource)).toMatch(/AuditStream/);
    const get = statementsOf(roleOf('OperatorApi')).filter((st) => [st.Action].flat().includes('s3:GetObject'));
    expect(get).toHaveLength(1);
    expect(JSON.stringify(get[0]!.Resource)).toMatch(/AuditBucket.*\/deliveries\/\*/);
    const list = statementsOf(roleOf('OperatorApi')).filter((st) => [st.Action].flat().includes('s3:ListBucket'));
    expect(list).toHaveLength(1);
    expect([list[0]!.Action].flat()).toEqual(['s3:ListBucket']);
    expect(JSON.stringify(list[0])).toContain('"s3:prefix":["deliveries/*"]');
  });

  it('keeps delivery bodies in an encrypted, TLS-only, private bucket for the dedup window, fed by a Firehose stream', () => {
    const [, bucket] = resources('AWS::S3::Bucket').find(([id]) => id.startsWith('AuditBucket'))!;
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.Properties.LifecycleConfiguration.Rules[0]).toMatchObject({ ExpirationInDays: 30, Status: 'Enabled' });
    const [, policy] = resources('AWS::S3::BucketPolicy').find(([id]) => id.startsWith('AuditBucket'))!;
    expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    const [, stream] = resources('AWS::KinesisFirehose::DeliveryStream')[0]!;
    expect(stream.Properties.DeliveryStreamEncryptionConfigurationInput).toEqual({ KeyType: 'AWS_OWNED_CMK' });
    expect(stream.Properties.ExtendedS3DestinationConfiguration).toMatchObject({ BufferingHints: { IntervalInSeconds: DEPLOYED.auditBufferSeconds, SizeInMBs: 64 }, CompressionFormat: 'GZIP' });
    // partitioned by provider + receive hour from the record itself: the reader's prefix (audit-reader.ts)
    const dest = stream.Properties.ExtendedS3DestinationConfiguration;
    expect(dest.Prefix).toBe('deliveries/provider=!{partitionKeyFromQuery:provider}/hour=!{partitionKeyFromQuery:hour}/');
    expect(dest.DynamicPartitioningConfiguration.Enabled).toBe(true);
    // the sink's aggregated records split back on its newline first (base64 "\n"), then the keys per
    // delivery, then each delivery's newline again in the object (NDJSON for S3AuditReader)
    expect(dest.ProcessingConfiguration).toEqual({
      Enabled: true,
      Processors: [
        {
          Type: 'RecordDeAggregation',
          Parameters: [
            { ParameterName: 'SubRecordType', ParameterValue: 'DELIMITED' },
            { ParameterName: 'Delimiter', ParameterValue: 'Cg==' },
          ],
        },
        {
          Type: 'MetadataExtraction',
          Parameters: [
            { ParameterName: 'MetadataExtractionQuery', ParameterValue: '{provider: .provider, hour: .receivedAt[0:13]}' },
            { ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' },
          ],
        },
        { Type: 'AppendDelimiterToRecord' },
      ],
    });
    expect(Buffer.from('Cg==', 'base64').toString()).toBe(AUDIT_LINE_DELIMITER);
    const fns = resources('AWS::Lambda::Function').filter(([, f]) => f.Properties.Handler === 'index.handler');
    const envOf = (name: string) => fns.find(([, f]) => f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === name)![1].Properties.Environment.Variables;
    expect(JSON.stringify(envOf('ingest-worker').AUDIT_STREAM_NAME)).toMatch(/AuditStream/);
    expect(JSON.stringify(envOf('operator-api').AUDIT_BUCKET)).toMatch(/AuditBucket/);
  });

  it('gives each function exactly the variables its config slice reads, and all it needs deployed', () => {
    const fns = resources('AWS::Lambda::Function').filter(([, f]) => f.Properties.Handler === 'index.handler');
    const names = fns.map(([, f]) => f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME as FunctionName);
    expect(names.sort()).toEqual(Object.keys(functionSlices).sort());
    for (const [, f] of fns) {
      const vars = f.Properties.Environment.Variables as Record<string, unknown>;
      const name = vars.POWERTOOLS_SERVICE_NAME as FunctionName;
      // POWERTOOLS_* are read by Powertools; PARAMETERS_SECRETS_EXTENSION_*, SECRETS_MANAGER_*, SSM_* by the secrets extension layer.
      const own = Object.keys(vars).filter((k) => !/^(POWERTOOLS_|PARAMETERS_SECRETS_EXTENSION_|SECRETS_MANAGER_|SSM_)/.test(k) && k !== 'NODE_OPTIONS' && k !== 'AWS_NODEJS_CONNECTION_REUSE_ENABLED');
      // set ⊆ read: the stack sets nothing the function never reads
      for (const k of own) expect(Object.keys(functionSlices[name].schema.shape), `${name} is given ${k}`).toContain(k);
      // required ⊆ set: the function starts deployed (tokens stand in for the resolved values)
      const env = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === 'string' ? v : 'resolved-at-deploy']));
      expect(() => loadFunctionConfig(name, env), name).not.toThrow();
    }
  });

  it('a function missing a variable it needs deployed fails at start with the variable’s name', () => {
    expect(() => loadFunctionConfig('webhook-api', { STAGE: 'prod', TABLE_NAME: 'tbl', INGEST_QUEUE_URL: 'https://q' })).toThrow(/WEBHOOK_SECRETS_ID: required when deployed/);
    expect(() => loadFunctionConfig('operator-api', { STAGE: 'prod', TABLE_NAME: 'tbl', INGEST_QUEUE_URL: 'https://q', WEBHOOK_API_FUNCTION: 'w' })).toThrow(/STALL_SCANNER_FUNCTION/);
    expect(() => loadFunctionConfig('operator-api', { STAGE: 'prod', TABLE_NAME: 'tbl', INGEST_QUEUE_URL: 'https://q', STALL_SCANNER_FUNCTION: 's' })).toThrow(/WEBHOOK_API_FUNCTION: required when deployed/);
    expect(() => loadFunctionConfig('desk', { STAGE: 'prod', TABLE_NAME: 'tbl' })).toThrow(/NOTIFY_QUEUE_URL: required when deployed/);
    expect(() => environmentFor('notifier', { SUPORT_TEAM: 'typo' })).toThrow(/SUPORT_TEAM/);
  });

  it('serves webhooks and health publicly and leaves operator routes to the app (IAM on request), with access logs and throttling', () => {
    const routes = resources('AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties.RouteKey, r.Properties.AuthorizationType]);
    // operators sign in on the app itself (a browser cannot sign AWS requests); `-c operatorAuth=iam` puts IAM in front
    expect(routes).toEqual(expect.arrayContaining([['POST /webhooks/{provider}', 'NONE'], ['GET /health', 'NONE'], ['ANY /{proxy+}', 'NONE'], ['GET /', 'NONE']]));
    const iam = Template.fromStack(synthesize({ stage: 'iam', operatorAuth: 'iam' }, { templateOnly: true }).stack);
    const iamRoutes = Object.values(iam.findResources('AWS::ApiGatewayV2::Route')).map((r: any) => [r.Properties.RouteKey, r.Properties.AuthorizationType]);
    expect(iamRoutes).toEqual(expect.arrayContaining([['POST /webhooks/{provider}', 'NONE'], ['ANY /{proxy+}', 'AWS_IAM']]));
    // the public routes go to webhook-api, what a browser loads to the desk, the rest (the JSON API) to operator-api
    // route → its integration → the function that integration invokes (its logical id)
    const integrationOf = (key: string) => {
      const target = JSON.stringify(resources('AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties.RouteKey === key)![1].Properties.Target);
      const [, integration] = resources('AWS::ApiGatewayV2::Integration').find(([id]) => target.includes(`"${id}"`))!;
      return String(integration.Properties.IntegrationUri['Fn::GetAtt']?.[0]);
    };
    expect(integrationOf('POST /webhooks/{provider}')).toMatch(/^WebhookApi[0-9A-F]{8}$/);
    expect(integrationOf('GET /health')).toMatch(/^WebhookApi[0-9A-F]{8}$/);
    expect(integrationOf('ANY /{proxy+}')).toMatch(/^OperatorApi[0-9A-F]{8}$/);
    for (const key of ['GET /', 'GET /desk/{proxy+}', 'POST /desk/{proxy+}', 'GET /docs', 'POST /session', 'POST /session/logout']) expect(integrationOf(key), key).toMatch(/^Desk[0-9A-F]{8}$/);
    // with IAM in front, the desk's routes are guarded like the rest
    expect(iamRoutes).toEqual(expect.arrayContaining([['GET /', 'AWS_IAM'], ['POST /session', 'AWS_IAM']]));
    const [, stage] = resources('AWS::ApiGatewayV2::Stage')[0]!;
    expect(stage.Properties.AccessLogSettings.DestinationArn).toBeDefined();
    // sized for a 5,000 webhooks/s peak plus operator traffic (cdk/context.ts defaults)
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 6_000, ThrottlingBurstLimit: 5_000 });
  });

  it('drains a 5,000 webhooks/s peak: the queue consumers’ concurrency comes from context, with peak-sized defaults', () => {
    const mappings = resources('AWS::Lambda::EventSourceMapping').map(([, m]) => [JSON.stringify(m.Properties.EventSourceArn), m.Properties.ScalingConfig?.MaximumConcurrency]);
    expect(mappings.find(([arn]) => String(arn).includes('ingestQueue'))?.[1]).toBe(100);
    expect(mappings.find(([arn]) => String(arn).includes('notifyQueue'))?.[1]).toBe(5);
    const props = propsFromContext(new App({ context: { throttleRate: 1234, throttleBurst: 567, ingestMaxConcurrency: 50, notifyMaxConcurrency: 3 } }));
    expect(props).toMatchObject({ throttleRate: 1234, throttleBurst: 567, ingestMaxConcurrency: 50, notifyMaxConcurrency: 3 });
  });

  it('traces only the functions that do not run per webhook unless told, and checks its context', () => {
    const modes = (tmpl: Template) => Object.fromEntries(Object.values(tmpl.findResources('AWS::Lambda::Function')).map((f: any) => [f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME, f.Properties.TracingConfig?.Mode ?? 'none']).filter(([k]) => k));
    expect(modes(t)).toEqual({ 'webhook-api': 'none', 'ingest-worker': 'none', 'operator-api': 'Active', desk: 'Active', 'stall-scanner': 'Active', notifier: 'Active' });
    expect(DEPLOYED.tracedPerWebhook).toBe(false);
    // the cost model's monthly items are the template's
    expect([Object.keys(t.findResources('AWS::CloudWatch::Alarm')).length, Object.keys(t.findResources('AWS::SecretsManager::Secret')).length]).toEqual([DEPLOYED.alarms, DEPLOYED.secrets]);
    const all = Template.fromStack(synthesize({ stage: 'traced', tracing: 'all' }, { templateOnly: true }).stack);
    expect(new Set(Object.values(modes(all)))).toEqual(new Set(['Active']));
    const off = Template.fromStack(synthesize({ stage: 'dark', tracing: 'off' }, { templateOnly: true }).stack);
    expect(new Set(Object.values(modes(off)))).toEqual(new Set(['none']));
    expect(() => propsFromContext(new App({ context: { tracing: 'some' } }))).toThrow(/tracing/);
    expect(propsFromContext(new App({ context: { auditBufferSeconds: 900 } })).auditBufferSeconds).toBe(900);
    expect(() => propsFromContext(new App({ context: { auditBufferSeconds: 30 } }))).toThrow(/auditBufferSeconds/);
  });

  it('warns at synthesis when no notification channel is configured, and grants a configured channel exactly its sender', () => {
    const warnings = s.assembly.getStackArtifact(s.stack.artifactId).messages.filter((m) => m.level === 'warning').map((m) => String(m.entry.data));
    expect(warnings.some((w) => w.includes('No customer notification channel') && w.includes('NOTIFY_EMAIL_FROM'))).toBe(true);

    const withEmail = synthesize({ stage: 'mail', settings: { NOTIFY_EMAIL_FROM: 'Shop <care@shop.example>', NOTIFY_SMS_ORIGINATION_IDENTITY: 'pool-abc' } }, { templateOnly: true });
    const warned = withEmail.assembly.getStackArtifact(withEmail.stack.artifactId).messages.some((m) => String(m.entry.data).includes('No customer notification channel'));
    expect(warned).toBe(false);
    const mt = Template.fromStack(withEmail.stack);
    const notifierStatements = Object.entries(mt.findResources('AWS::IAM::Policy'))
      .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes('Notifier'))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
    const ses = notifierStatements.find((st) => [st.Action].flat().includes('ses:SendEmail'));
    expect(JSON.stringify(ses?.Resource)).toContain('identity/shop.example');
    const sms = notifierStatements.find((st) => [st.Action].flat().includes('sms-voice:SendTextMessage'));
    expect(JSON.stringify(sms?.Resource)).toContain('pool/pool-abc');
    // the notifier reads the channel settings it was given
    const notifier = Object.values(mt.findResources('AWS::Lambda::Function')).find((f: any) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'notifier') as any;
    expect(notifier.Properties.Environment.Variables).toMatchObject({ NOTIFY_EMAIL_FROM: 'Shop <care@shop.example>', NOTIFY_SMS_ORIGINATION_IDENTITY: 'pool-abc' });
    expect(notifier.Properties.Environment.Variables.NOTIFY_SECRETS_ID).toBeDefined();
  }, 300_000);

  it('switches to a JWT authorizer when an issuer and audience are given', () => {
    const jwt = Template.fromStack(synthesize({ jwtIssuer: 'https://id.example.com', jwtAudience: 'hub-api', stage: 'jwt' }, { templateOnly: true }).stack);
    jwt.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT', JwtConfiguration: { Issuer: 'https://id.example.com', Audience: ['hub-api'] } });
  }, 300_000);

  it('schedules the stall scan, keeps logs 30 days and alarms to an e-mail topic', () => {
    t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)', State: 'ENABLED' });
    for (const [, lg] of resources('AWS::Logs::LogGroup')) expect(lg.Properties.RetentionInDays).toBe(30);
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
    const alarms = resources('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    expect(alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible')).toHaveLength(2);
    expect(alarms.filter((a) => a.MetricName === 'Errors')).toHaveLength(6);
    expect(alarms.some((a) => a.MetricName === '5xx' || a.MetricName === '5XXError')).toBe(true);
    expect(alarms.some((a) => a.MetricName === 'OpenStallAlerts' && a.Namespace === 'AftersalesHub')).toBe(true);
    for (const a of alarms) expect(a.AlarmActions).toHaveLength(1);
  });

  it('passes cdk-nag’s AWS Solutions rules (Validations plugin) with every acknowledgement explained', () => {
    // The synthesis above ran the pack through Validations.of(app).addPlugins(...): its report lists
    // what was found, what was acknowledged, and with which reason.
    const report = JSON.parse(readFileSync(join(s.outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; conclusion: string; violations: unknown[]; suppressedViolations: { ruleName: string; suppressionReason?: string; reason?: string }[] }[];
    };
    const nag = report.pluginReports.find((r) => r.pluginName === 'AwsSolutions')!;
    expect(nag.violations).toEqual([]);
    expect(nag.conclusion).toBe('success');
    expect(nag.suppressedViolations.length).toBeGreaterThan(0);
    // and the pack really checks: run directly (no acknowledgements applied) it finds these rules
    const raw = new AwsSolutionsChecks(s.app).validateScope(s.stack).violations.map((v) => v.ruleName);
    expect(raw.length).toBeGreaterThan(0);
  });
});
