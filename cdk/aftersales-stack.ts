import { CfnOutput, Duration, RemovalPolicy, Size, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpNoneAuthorizer, LogGroupLogDestination, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { AUDIT_PARTITION_QUERY, AUDIT_S3_PREFIX } from '../lib/intake/audit/audit-reader.ts';
import { AUDIT_LINE_DELIMITER } from '../lib/intake/audit/firehose-records.ts';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { CfnDeliveryStream, Compression, DeliveryStream, EnableLogging, S3Bucket, StreamEncryption } from 'aws-cdk-lib/aws-kinesisfirehose';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { queueDefinitions, tableDefinition, type QueueDefinition } from '../lib/platform/table/definitions.ts';
import { environmentFor } from './function-environment.ts';
import { appFunction } from './function-defaults.ts';
import { grantNotifyChannels, warnWithoutNotifyChannel } from './notify-channels.ts';
import type { FunctionName } from '../lib/platform/config.ts';

export interface AftersalesStackProps extends StackProps {
  stage: string;
  secretsName: string;
  alarmEmail?: string;
  stallThresholdHours: number;
  stallScanIntervalMinutes: number;
  logRetentionDays: number;
  throttleRate: number;
  throttleBurst: number;
  /** The ingest queue's event source maxConcurrency (2–1000). */
  ingestMaxConcurrency: number;
  /** The notify queue's event source maxConcurrency, also the notifier's reserved concurrency. */
  notifyMaxConcurrency: number;
  openStallAlertThreshold: number;
  api5xxThreshold: number;
  jwt?: { issuer: string; audience: string[] };
  /**
   * Who guards the operator routes at API Gateway: `app` (default) leaves them to operator-api and
   * desk, which sign operators in by name (tokens, sessions, CSRF) — a browser cannot sign AWS requests; `iam`
   * for service-to-service callers only; a JWT authorizer when `jwt` is given.
   */
  operatorAuth?: 'app' | 'iam';
  /** Further settings by variable name (context `settings`), e.g. `{"SUPPORT_TEAM":"alice,bob"}`; each function gets those its slice reads. */
  settings?: Record<string, string>;
  /** True when the notify secret will hold NOTIFY_WEBHOOK_URL (the merchant webhook is then a configured channel). */
  notifyWebhookInSecret?: boolean;
  /**
   * X-Ray active tracing: `low-volume` (default) on the functions whose invocations do not follow
   * the webhook rate (operator API, desk, scanner, notifier); `all` adds webhook-api and
   * ingest-worker, whose traces cost more than their compute below ~20 webhooks/s; `off`.
   */
  tracing?: 'low-volume' | 'all' | 'off';
  /** Seconds Firehose buffers audit bodies per provider-hour partition before writing an object (60–900). */
  auditBufferSeconds?: number;
}

/**
 * The whole deployment: HTTP API → webhook-api (public), operator-api (JSON) and desk (pages); SQS
 * ingest/notify queues with DLQs → workers; a schedule → stall-scanner; one table; one secret; alarms
 * to one topic. The table and queues are
 * built from `lib/platform/table/definitions.ts`, the objects the local stack uses too.
 */
export class AftersalesStack extends Stack {
  /** The shared definitions this stack was built from (a test asserts they are the same objects). */
  readonly definitions = { table: tableDefinition, queues: queueDefinitions };
  readonly table: Table;
  readonly queues: Record<'ingest' | 'notify', { queue: Queue; dlq: Queue }>;

  constructor(scope: Construct, id: string, props: AftersalesStackProps) {
    super(scope, id, props);

    this.table = new Table(this, 'Table', {
      partitionKey: { name: tableDefinition.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableDefinition.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // AWS-managed KMS key: encrypted at rest, auditable in CloudTrail, no key to administer.
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: tableDefinition.ttlAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const ix of tableDefinition.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: ix.indexName,
        partitionKey: { name: ix.partitionKey, type: AttributeType.STRING },
        sortKey: { name: ix.sortKey, type: AttributeType.STRING },
        // Same projection as the local table (lib/platform/table/definitions.ts says why).
        ...(ix.projection.type === 'INCLUDE' ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...ix.projection.attributes] } : { projectionType: ProjectionType.KEYS_ONLY }),
      });
    }

    const makeQueues = (def: QueueDefinition) => {
      const dlq = new Queue(this, `${def.id}Dlq`, { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.seconds(def.dlqRetentionSeconds) });
      const queue = new Queue(this, `${def.id}Queue`, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout: Duration.seconds(def.visibilityTimeoutSeconds),
        retentionPeriod: Duration.seconds(def.retentionSeconds),
        // 1 MiB: room for a full 256 KiB delivery plus its normalised events.
        maxMessageSizeBytes: 1_048_576,
        deadLetterQueue: { queue: dlq, maxReceiveCount: def.maxReceiveCount },
      });
      return { queue, dlq };
    };
    this.queues = { ingest: makeQueues(queueDefinitions.ingest), notify: makeQueues(queueDefinitions.notify) };

    const secret = new Secret(this, 'WebhookSecrets', {
      secretName: props.secretsName,
      description: 'Provider webhook secrets: JSON object keyed by provider id (see README)',
    });
    // Channel credentials (merchant webhook URL + secret, Aliyun AccessKey, robot URLs and signing
    // secrets): JSON keyed by setting name, read by the notifier and, for channel choice, the scanner.
    const notifySecret = new Secret(this, 'NotifySecrets', {
      secretName: `${props.secretsName.replace(/\/webhook-secrets$/, '')}/notify-secrets`,
      description: 'Notification channel credentials: JSON object keyed by setting name (see README, Deploy)',
    });
    warnWithoutNotifyChannel(this, props);

    // Audit storage for delivery bodies (the dedup record in the table stays small): Firehose
    // batches them into S3 objects (one object per delivery would cost more than the DynamoDB write
    // it replaces), kept exactly as long as the dedup window.
    const auditDays = Number(props.settings?.RAW_EVENT_TTL_DAYS ?? 30);
    const auditBucket = new Bucket(this, 'AuditBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      lifecycleRules: [{ id: 'dedup-window', expiration: Duration.days(auditDays), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const auditStream = new DeliveryStream(this, 'AuditStream', {
      // 64 MiB or 60 s per object: at a 5,000/s peak ~1 object per 13 s instead of 5,000 PUTs a second.
      destination: new S3Bucket(auditBucket, {
        // Each buffer flush is one S3 object per active provider-hour partition, billed per object by
        // Firehose and by S3: over a quiet day 300 s writes ~5× fewer than 60 s. A body is readable
        // back (GET /deliveries/:provider/:id/body) about 1.5 buffers after it was processed.
        bufferingInterval: Duration.seconds(props.auditBufferSeconds ?? 300),
        bufferingSize: Size.mebibytes(64),
        compression: Compression.GZIP,
        // Dynamic partitioning (below) by provider and receive hour: GET /deliveries finds a body by
        // listing that one prefix, which its dedup record names (lib/intake/audit/audit-reader.ts).
        // (The L2 refuses partition-key namespaces it cannot see enabled: set with the override below.)
        dataOutputPrefix: 'deliveries/',
        errorOutputPrefix: 'errors/!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd}/',
        // Delivery errors logged with the stack's retention, like every other log group.
        loggingConfig: new EnableLogging(new LogGroup(this, 'AuditStreamLogs', { retention: props.logRetentionDays, removalPolicy: RemovalPolicy.DESTROY })),
      }),
      encryption: StreamEncryption.awsOwnedKey(),
    });
    // Dynamic partitioning set by override: the partition keys come from each record's own JSON
    // (jq), so the prefix is a function of provider + receivedAt, never of arrival time.
    const cfnStream = auditStream.node.defaultChild as CfnDeliveryStream;
    cfnStream.addPropertyOverride('ExtendedS3DestinationConfiguration.Prefix', AUDIT_S3_PREFIX);
    cfnStream.addPropertyOverride('ExtendedS3DestinationConfiguration.DynamicPartitioningConfiguration', { Enabled: true, RetryOptions: { DurationInSeconds: 300 } });
    // The sink joins a batch's deliveries into few Firehose records (ingestion is billed per record,
    // rounded up to 5 KB: lib/intake/audit/firehose-records.ts). In order:
    // 1. RecordDeAggregation, DELIMITED on the sink's newline (base64, as the docs require): one
    //    record per delivery again. Deaggregation must come first, partitioning keys apply only to
    //    deaggregated data ("Deaggregation → Data Transformation via Lambda → Partitioning Keys"):
    //    https://docs.aws.amazon.com/firehose/latest/dev/dynamic-partitioning-multirecord-deaggergation.html
    //    The value spelled DELIMITED (the guide says "Delimited"): aws-cdk-lib's SubRecordType enum,
    //    https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_kinesisfirehose.RecordDeAggregationProcessorOptions.html
    // 2. MetadataExtraction: provider + hour per delivery.
    // 3. AppendDelimiterToRecord (no parameters needed): Firehose concatenates records without
    //    delimiters, so each delivery ends with a newline again and the objects stay NDJSON for
    //    S3AuditReader: https://docs.aws.amazon.com/firehose/latest/APIReference/API_Processor.html
    //    (Its place relative to MetadataExtraction is not documented; jq reads a record the same
    //    with or without a trailing newline, so either order partitions alike.)
    // Types and parameter names: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-kinesisfirehose-deliverystream-processor.html
    // and .../aws-properties-kinesisfirehose-deliverystream-processorparameter.html (SubRecordType, Delimiter).
    cfnStream.addPropertyOverride('ExtendedS3DestinationConfiguration.ProcessingConfiguration', {
      Enabled: true,
      Processors: [
        {
          Type: 'RecordDeAggregation',
          Parameters: [
            { ParameterName: 'SubRecordType', ParameterValue: 'DELIMITED' },
            { ParameterName: 'Delimiter', ParameterValue: Buffer.from(AUDIT_LINE_DELIMITER).toString('base64') },
          ],
        },
        {
          Type: 'MetadataExtraction',
          Parameters: [
            { ParameterName: 'MetadataExtractionQuery', ParameterValue: AUDIT_PARTITION_QUERY },
            { ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' },
          ],
        },
        { Type: 'AppendDelimiterToRecord' },
      ],
    });

    // Each function gets exactly the variables its config slice reads (lib/platform/config.ts):
    // the values come from the resources built here, props and the `settings` context object.
    const values: Record<string, string> = {
      TABLE_NAME: this.table.tableName,
      INGEST_QUEUE_URL: this.queues.ingest.queue.queueUrl,
      NOTIFY_QUEUE_URL: this.queues.notify.queue.queueUrl,
      WEBHOOK_SECRETS_ID: secret.secretArn,
      NOTIFY_SECRETS_ID: notifySecret.secretArn,
      AUDIT_STREAM_NAME: auditStream.deliveryStreamName,
      AUDIT_BUCKET: auditBucket.bucketName,
      STAGE: props.stage,
      STALL_THRESHOLD_HOURS: String(props.stallThresholdHours),
      LOG_LEVEL: 'INFO',
      ...props.settings,
    };
    const tracing = props.tracing ?? 'low-volume';
    const fn = (id: string, name: FunctionName, o: { memorySize: number; timeoutSeconds: number; description: string; extra?: Record<string, string>; reserved?: number; readsSecrets?: boolean; perWebhook?: boolean }) =>
      appFunction(this, id, {
        entry: name,
        memorySize: o.memorySize,
        timeout: Duration.seconds(o.timeoutSeconds),
        description: o.description,
        environment: { ...environmentFor(name, { ...values, ...o.extra }), POWERTOOLS_SERVICE_NAME: name, POWERTOOLS_METRICS_NAMESPACE: 'AftersalesHub' },
        logRetentionDays: props.logRetentionDays,
        reservedConcurrentExecutions: o.reserved,
        readsSecrets: o.readsSecrets,
        traced: tracing === 'all' || (tracing === 'low-volume' && !o.perWebhook),
      });

    // 512 MB: signature checks (RSA for PayPal/Alipay/WeChat) and JSON work are CPU-bound, and Lambda
    // CPU scales with memory; 10 s is far above the p99 and below every provider's own timeout... of
    // which the shortest is 5 s, so a slow dependency answers 503 long before (SDK timeouts 2 s × 2).
    const webhookApi = fn('WebhookApi', 'webhook-api', { memorySize: 512, timeoutSeconds: 10, description: 'Public webhook intake: verify, enqueue, ack', readsSecrets: true, perWebhook: true });
    // Timeout = the queue definition's consumer timeout; visibility timeout is 6× it (AWS guidance).
    // One full vCPU (Lambda gives memory/1769 of one): a batch's records share the CPU, so at 512 MB
    // 100 concurrent workers drain ~2,300 events/s, under a 5,000/s burst; at 1,769 MB ~7,300
    // (`npm run bench`, "ingest drain, model"). The compute bill hardly moves: CPU-bound time
    // shrinks as memory grows, only the DynamoDB waits are billed at the larger size.
    const ingestWorker = fn('IngestWorker', 'ingest-worker', { memorySize: 1769, timeoutSeconds: queueDefinitions.ingest.consumerTimeoutSeconds, description: 'Dedup, shipments, complaints', perWebhook: true });
    const stallScanner = fn('StallScanner', 'stall-scanner', { memorySize: 512, timeoutSeconds: 300, description: 'Stall scan, SLA check, batch fan-out', reserved: 1, readsSecrets: true });
    // Reserved concurrency protects the merchant's messaging endpoint from a fan-out burst.
    const notifier = fn('Notifier', 'notifier', { memorySize: 256, timeoutSeconds: queueDefinitions.notify.consumerTimeoutSeconds, description: 'Proactive notifications', reserved: props.notifyMaxConcurrency, readsSecrets: true });
    // 29 s: API Gateway's own integration limit; the desk's pages read indexes, never a Scan.
    const operatorApi = fn('OperatorApi', 'operator-api', {
      memorySize: 512,
      timeoutSeconds: 29,
      description: 'Read/operate JSON API',
      extra: { STALL_SCANNER_FUNCTION: stallScanner.functionName, WEBHOOK_API_FUNCTION: webhookApi.functionName },
    });
    // The browser desk: server-rendered pages, their form posts, sign-in and /docs (the pages' script
    // calls the JSON API on operator-api with the same session cookie).
    const desk = fn('Desk', 'desk', { memorySize: 512, timeoutSeconds: 29, description: 'Operator desk pages, sign-in and docs' });

    // Least privilege: data-plane actions on exactly the resources each function uses. The public
    // function cannot read the table: it may only write a claim check for an oversized delivery.
    this.table.grant(webhookApi, 'dynamodb:PutItem');
    // PayPal's signature binds the body only through a CRC32: the ack path reads the body hash its
    // transmission id was first seen with — GetItem on PayPal's own raw-event items, nothing else.
    webhookApi.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem'],
        resources: [this.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['EVT#paypal#*'] } },
      }),
    );
    this.queues.ingest.queue.grantSendMessages(webhookApi);
    secret.grantRead(webhookApi);
    // The table's item actions, no more: nothing scans the table or reads its stream, so
    // grantReadWriteData's Scan, GetRecords and GetShardIterator are left out, and BatchWriteItem
    // goes to the ingest worker alone (a batch's done records) (tests/cdk/bundles.test.ts records
    // every action the bundles call and checks it is granted here). DescribeTable: the health
    // route's and the outage guard's probe.
    const itemActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
    this.table.grant(operatorApi, ...itemActions, 'dynamodb:DescribeTable');
    // /health reads the ingest queue's attributes; it sends nothing there (a replay is queued by webhook-api).
    this.queues.ingest.queue.grant(operatorApi, 'sqs:GetQueueAttributes');
    this.queues.notify.queue.grantSendMessages(operatorApi); // "retry a failed notification" from the desk
    // GET /deliveries/:provider/:id/body reads a delivery's audit copy: it lists the delivery's
    // provider + hour prefix and reads those objects, under deliveries/ only (not Firehose's errors/).
    operatorApi.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [auditBucket.arnForObjects('deliveries/*')] }));
    operatorApi.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [auditBucket.bucketArn], conditions: { StringLike: { 's3:prefix': ['deliveries/*'] } } }));
    // The desk reads complaints, alerts, notifications, the quarantine list, operators and sessions;
    // it writes sessions (sign-in/out) and complaint changes from its forms (transactions of Put /
    // Update / ConditionCheck items). No Scan, no batch write, no audit bucket, no invoke.
    this.table.grant(desk, ...itemActions);
    this.queues.notify.queue.grantSendMessages(desk); // the incident page's "retry a failed notification"
    stallScanner.grantInvoke(operatorApi); // POST /stall-scan hands the scan over (asynchronous invoke)
    // Quarantine replay runs in webhook-api (synchronous invoke): it re-parses with today's adapter and
    // the provider secret (WeChat Pay needs its key) and queues the events; operator-api holds neither.
    webhookApi.grantInvoke(operatorApi);
    this.table.grant(ingestWorker, ...itemActions, 'dynamodb:BatchWriteItem', 'dynamodb:DescribeTable');
    // The audit copy of each delivery: PutRecordBatch on exactly this stream (no PutRecord, no other stream).
    ingestWorker.addToRolePolicy(new PolicyStatement({ actions: ['firehose:PutRecordBatch'], resources: [auditStream.deliveryStreamArn] }));
    this.queues.notify.queue.grantSendMessages(ingestWorker); // team alerts: urgent complaints, quality alerts
    this.table.grant(stallScanner, ...itemActions);
    this.queues.notify.queue.grantSendMessages(stallScanner);
    this.table.grant(notifier, ...itemActions, 'dynamodb:DescribeTable');
    notifySecret.grantRead(notifier);
    notifySecret.grantRead(stallScanner);
    grantNotifyChannels(this, notifier, props.settings ?? {});

    ingestWorker.addEventSource(new SqsEventSource(this.queues.ingest.queue, { batchSize: 10, maxBatchingWindow: Duration.seconds(1), reportBatchItemFailures: true, maxConcurrency: props.ingestMaxConcurrency }));
    notifier.addEventSource(new SqsEventSource(this.queues.notify.queue, { batchSize: 10, maxBatchingWindow: Duration.seconds(2), reportBatchItemFailures: true, maxConcurrency: props.notifyMaxConcurrency }));

    new Rule(this, 'StallScanSchedule', {
      description: 'Stall scan and SLA check',
      schedule: Schedule.rate(Duration.minutes(props.stallScanIntervalMinutes)),
      targets: [new LambdaFunction(stallScanner, { retryAttempts: 2 })],
    });

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: props.logRetentionDays, removalPolicy: RemovalPolicy.DESTROY });
    const api = new HttpApi(this, 'HttpApi', {
      description: 'after-sales webhook hub',
      createDefaultStage: false,
      defaultAuthorizer: props.jwt ? new HttpJwtAuthorizer('Jwt', props.jwt.issuer, { jwtAudience: props.jwt.audience }) : props.operatorAuth === 'iam' ? new HttpIamAuthorizer() : new HttpNoneAuthorizer(),
    });
    api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttleRate, burstLimit: props.throttleBurst },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: AccessLogFormat.jsonWithStandardFields() as never },
    });
    const webhooks = new HttpLambdaIntegration('WebhookApiIntegration', webhookApi);
    const operator = new HttpLambdaIntegration('OperatorApiIntegration', operatorApi);
    const open: IHttpRouteAuthorizer = new HttpNoneAuthorizer();
    // Providers cannot sign AWS requests: the webhook route is public and authenticated by each
    // provider's signature (verified in the function); health is public for load balancers.
    api.addRoutes({ path: '/webhooks/{provider}', methods: [HttpMethod.POST], integration: webhooks, authorizer: open });
    api.addRoutes({ path: '/health', methods: [HttpMethod.GET], integration: webhooks, authorizer: open });
    api.addRoutes({ path: '/{proxy+}', methods: [HttpMethod.ANY], integration: operator });
    // What a browser loads goes to the desk (more specific routes win over /{proxy+}): the board, the
    // desk's pages and form posts, the docs page, the sign-in exchange. The JSON routes the pages'
    // script calls with the cookie (PATCH /complaints/:id, POST /quarantine/:id/replay) stay above.
    const deskIntegration = new HttpLambdaIntegration('DeskIntegration', desk);
    api.addRoutes({ path: '/', methods: [HttpMethod.GET], integration: deskIntegration });
    api.addRoutes({ path: '/desk/{proxy+}', methods: [HttpMethod.GET, HttpMethod.POST], integration: deskIntegration });
    api.addRoutes({ path: '/docs', methods: [HttpMethod.GET], integration: deskIntegration });
    api.addRoutes({ path: '/session', methods: [HttpMethod.POST], integration: deskIntegration });
    api.addRoutes({ path: '/session/logout', methods: [HttpMethod.POST], integration: deskIntegration });

    const topic = new Topic(this, 'AlarmTopic', { enforceSSL: true, masterKey: Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns') });
    if (props.alarmEmail) topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const alarm = (id: string, metric: Metric | ReturnType<Queue['metricApproximateNumberOfMessagesVisible']>, threshold: number, description: string) =>
      new Alarm(this, id, { metric, threshold, evaluationPeriods: 1, comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD, treatMissingData: TreatMissingData.NOT_BREACHING, alarmDescription: description }).addAlarmAction(new SnsAction(topic));
    for (const [name, q] of Object.entries(this.queues)) alarm(`${name}DlqDepth`, q.dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }), 0, `${name} DLQ holds messages: a delivery could not be processed`);
    for (const [name, f] of Object.entries({ webhookApi, operatorApi, desk, ingestWorker, stallScanner, notifier })) alarm(`${name}Errors`, f.metricErrors({ period: Duration.minutes(5) }), 0, `${name} reported errors`);
    alarm('Api5xx', api.metricServerError({ period: Duration.minutes(5) }) as Metric, props.api5xxThreshold, 'HTTP API answered 5xx (503 means storage or queue unavailable)');
    alarm('OpenStallAlerts', new Metric({ namespace: 'AftersalesHub', metricName: 'OpenStallAlerts', dimensionsMap: { service: 'stall-scanner' }, statistic: 'Maximum', period: Duration.minutes(15) }), props.openStallAlertThreshold, 'Many parcels without courier update: a carrier or hub may be down');

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint, description: 'Point each provider at <ApiUrl>/webhooks/<provider>' });
    new CfnOutput(this, 'SecretArn', { value: secret.secretArn, description: 'Put the provider secrets JSON here' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
  }
}
