import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOCAL_DEFAULT_SECRETS } from '../../lib/intake/providers/local-defaults.ts';
import sesLocal from 'aws-ses-v2-local';
import { startLocalEndpoint } from '../integration/notifications/local-endpoint.ts';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Template } from 'aws-cdk-lib/assertions';
import { standardSigner } from '../../events/signers/standard.ts';
import { startTestService } from '../helpers/service.ts';
import { roleStatements, synthesize } from './synth.ts';
import { startIamRecordingProxy, type IamRecordingProxy } from '../helpers/iam-recording-proxy.ts';

/**
 * The bundles as Lambda runs them: each function is imported from the synthesized asset
 * (cdk.out/asset.<hash>/index.mjs, not the TypeScript source) and invoked with API Gateway v2,
 * SQS and schedule events against the embedded DynamoDB Local and fauxqs.
 */
type Handler = (event: unknown, context?: unknown) => Promise<any>;
const handlers: Record<string, Handler> = {};
/** Every source file each synthesized bundle was built from (its source map's `sources`). */
const sourcesOf: Record<string, string[]> = {};
/** Each function's own view of DynamoDB and SQS (its clients are built at cold start), and what its role is granted. */
const callsOf: Record<string, IamRecordingProxy[]> = {};
const grantedOf: Record<string, Set<string>> = {};
let svc: Awaited<ReturnType<typeof startTestService>>;

/** The Parameters and Secrets extension as Lambda serves it, holding the local default secrets in the deployed JSON layout. */
let extension: Server;
async function startSecretsExtension(): Promise<number> {
  const secret: Record<string, string> = {};
  for (const [id, d] of Object.entries(LOCAL_DEFAULT_SECRETS)) {
    secret[id] = d.secret;
    for (const [k, v] of Object.entries(d.extra ?? {})) secret[`${id}_${k}`] = v;
  }
  extension = createServer((req, res) => {
    const ok = req.headers['x-aws-parameters-secrets-token'] === 'bundle-session' && req.url === '/secretsmanager/get?secretId=bundle-webhook-secrets';
    res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' }).end(ok ? JSON.stringify({ Name: 'bundle-webhook-secrets', SecretString: JSON.stringify(secret) }) : '{}');
  });
  await new Promise<void>((r) => extension.listen(0, '127.0.0.1', r));
  return (extension.address() as AddressInfo).port;
}

/** The channels' providers: the SES v2 emulator, and local endpoints answering as AWS End User Messaging SMS and Alibaba Cloud SMS document. */
let ses: Server;
let sesUrl = '';
let aliyun: Awaited<ReturnType<typeof startLocalEndpoint>>;
let awsSms: Awaited<ReturnType<typeof startLocalEndpoint>>;
const sesModule = sesLocal as unknown as typeof sesLocal.default | { default: typeof sesLocal.default };
const startSesLocal = typeof sesModule === 'function' ? sesModule : sesModule.default;

beforeAll(async () => {
  ses = await startSesLocal({ host: '127.0.0.1', port: 0 });
  sesUrl = `http://127.0.0.1:${(ses.address() as AddressInfo).port}`;
  aliyun = await startLocalEndpoint(() => ({ status: 200, body: { Code: 'OK', Message: 'OK', BizId: '900619746936498440^0', RequestId: 'F655A8D5-B967-440B-8683-DAD6FF8DE990' } }));
  awsSms = await startLocalEndpoint(() => ({ status: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: { MessageId: 'msg-bundle-1' } }));
  const s = synthesize({ stage: 'bundle' });
  const extensionPort = await startSecretsExtension();
  const t = Template.fromStack(s.stack);
  svc = await startTestService({ roles: { api: false, workers: false, scanner: false } });
  Object.assign(process.env, {
    TABLE_NAME: svc.parts.tableName,
    INGEST_QUEUE_URL: svc.queueUrls.ingest,
    NOTIFY_QUEUE_URL: svc.queueUrls.notify,
    DYNAMODB_ENDPOINT: svc.parts.config.DYNAMODB_ENDPOINT,
    SQS_ENDPOINT: svc.parts.config.SQS_ENDPOINT,
    STAGE: 'local',
    LOG_LEVEL: 'SILENT',
    STALL_SCANNER_FUNCTION: 'stall-scanner',
    WEBHOOK_API_FUNCTION: 'webhook-api',
    // Set here, whatever the caller's shell holds: the operator API is called as the built-in admin.
    API_TOKEN: 'bundle-admin-token',
    WEBHOOK_SECRETS_ID: 'bundle-webhook-secrets',
    PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(extensionPort),
    // the notifier's channels, as `-c settings=…` and the notify secret would configure them; the
    // SDK clients reach the local providers through the AWS SDK's own endpoint variables
    NOTIFY_EMAIL_FROM: 'care@shop.example',
    NOTIFY_SMS_ORIGINATION_IDENTITY: 'pool-bundle',
    ALIYUN_SMS_ACCESS_KEY_ID: 'LTAI5tBundle',
    ALIYUN_SMS_ACCESS_KEY_SECRET: 'bundle-secret',
    ALIYUN_SMS_SIGN_NAME: '樱桃小铺',
    ALIYUN_SMS_TEMPLATE_CODE: 'SMS_465370012',
    ALIYUN_SMS_ENDPOINT: aliyun.url,
    AWS_ENDPOINT_URL_SESV2: sesUrl,
    AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2: awsSms.url,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SESSION_TOKEN: 'bundle-session',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  for (const [, fn] of Object.entries(t.findResources('AWS::Lambda::Function')) as [string, { Properties: any; Metadata: any }][]) {
    const service = fn.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME;
    if (!service) continue;
    const file = join(s.outdir, fn.Metadata['aws:asset:path'], 'index.mjs');
    sourcesOf[service] = (JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] }).sources.map((p) => p.replace(/^(\.\.\/)+/, ''));
    const role = fn.Properties.Role['Fn::GetAtt'][0] as string;
    grantedOf[service] = new Set(roleStatements(t, role).flatMap((st) => [st.Action].flat()));
    const [dynamo, sqs] = await Promise.all([startIamRecordingProxy(svc.parts.config.DYNAMODB_ENDPOINT!), startIamRecordingProxy(svc.parts.config.SQS_ENDPOINT!)]);
    callsOf[service] = [dynamo, sqs];
    process.env.DYNAMODB_ENDPOINT = dynamo.url;
    process.env.SQS_ENDPOINT = sqs.url;
    handlers[service] = (await import(pathToFileURL(file).href)).handler as Handler;
  }
  Object.assign(process.env, { DYNAMODB_ENDPOINT: svc.parts.config.DYNAMODB_ENDPOINT, SQS_ENDPOINT: svc.parts.config.SQS_ENDPOINT });
}, 300_000);
afterAll(async () => {
  await Promise.all(Object.values(callsOf).flat().map((p) => p.stop()));
  await svc?.stop();
  ses?.closeAllConnections();
  await new Promise<void>((r) => (ses ? ses.close(() => r()) : r()));
  await Promise.all([aliyun?.stop(), awsSms?.stop()]);
  await new Promise<void>((r) => (extension ? extension.close(() => r()) : r()));
});

const apiEvent = (method: string, path: string, headers: Record<string, string>, body?: Buffer, query = '') => ({
  version: '2.0',
  routeKey: `${method} ${path}`,
  rawPath: path,
  rawQueryString: query,
  headers: { host: 'abc.execute-api.eu-west-1.amazonaws.com', ...headers },
  requestContext: { accountId: '123', apiId: 'abc', domainName: 'abc.execute-api.eu-west-1.amazonaws.com', http: { method, path, protocol: 'HTTP/1.1', sourceIp: '1.2.3.4', userAgent: 'test' }, requestId: 'r1', routeKey: `${method} ${path}`, stage: '$default', time: '', timeEpoch: Date.now() },
  body: body?.toString('base64'),
  isBase64Encoded: true,
});

async function drain(queueUrl: string): Promise<SQSEvent> {
  const r = await svc.parts.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
  for (const m of r.Messages ?? []) await svc.parts.clients.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle! }));
  return { Records: (r.Messages ?? []).map((m) => ({ messageId: m.MessageId!, receiptHandle: m.ReceiptHandle!, body: m.Body!, attributes: { ApproximateReceiveCount: '1' }, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:eu-west-1:123:q', awsRegion: 'eu-west-1' })) } as unknown as SQSEvent;
}

/** Every message now on the queue, as one event (the test hands them to a handler together). */
async function drainAll(queueUrl: string): Promise<SQSEvent> {
  const all: SQSEvent['Records'] = [];
  for (;;) {
    const e = await drain(queueUrl);
    if (e.Records.length === 0) return { Records: all } as SQSEvent;
    all.push(...e.Records);
  }
}

describe('bundled functions from the synthesized assets', () => {
  it('all six load', () => expect(Object.keys(handlers).sort()).toEqual(['desk', 'ingest-worker', 'notifier', 'operator-api', 'stall-scanner', 'webhook-api']));

  it('each bundle holds only what its function composes', () => {
    const has = (fn: string, part: string) => sourcesOf[fn]!.some((p) => p.includes(part));
    // What must never be in a bundle (a part another function owns, or a client it has no grant for;
    // for the functions on zod/mini, zod's classic API: every schema type with all its methods, ~100 kB).
    const forbidden: Record<string, string[]> = {
      'webhook-api': ['lib/intake/providers/local-defaults', 'lib/complaints/', 'lib/logistics/', 'lib/notifications/', 'lib/http/dashboard', 'lib/http/desk', 'lib/http/operator-app', '@aws-sdk/client-lambda', '@aws-sdk/client-sesv2', 'node_modules/zod/v4/classic/'],
      // no provider adapter, no provider secret: a quarantine replay is invoked in webhook-api
      // ...and no page: the desk, the dashboard, the docs page and hono/jsx are the desk function's
      'operator-api': ['lib/intake/providers/', 'lib/intake/replay-quarantined', 'lib/intake/accept-delivery', 'lib/platform/aws/secrets-extension', 'channels/ses-email-channel', 'channels/aliyun-sms', 'lib/notifications/robots/', '@aws-sdk/client-sesv2', '@aws-sdk/client-pinpoint-sms-voice-v2', 'lib/local/', 'node_modules/zod/v4/classic/', 'lib/http/desk/', 'lib/http/desk-app', 'lib/http/dashboard', 'lib/http/docs-routes', 'lib/http/session-routes', 'node_modules/hono/dist/jsx/'],
      // the pages: no provider adapter, no audit reader, no replay (the page's replay button calls operator-api), no scan trigger
      desk: ['lib/intake/providers/', 'lib/intake/audit/', 'lib/intake/replay-', 'lib/intake/accept-delivery', 'lib/logistics/scan-trigger', 'node_modules/aws4fetch/', '@aws-sdk/client-s3', 'lib/platform/aws/secrets-extension', 'lib/notifications/channels/', 'lib/notifications/robots/', '@aws-sdk/client-sesv2', '@aws-sdk/client-pinpoint-sms-voice-v2', 'lib/http/api-app', 'lib/http/operator-app', 'lib/http/delivery-routes', 'lib/http/quarantine-routes', 'lib/local/', 'node_modules/zod/v4/classic/'],
      'ingest-worker': ['lib/intake/providers/', '@aws-sdk/client-secrets-manager', 'lib/http/', 'lib/notifications/channels/', 'robots/dingtalk', 'robots/team-alert-delivery', 'node_modules/zod/v4/classic/'],
      'stall-scanner': ['lib/intake/providers/', 'lib/http/', '@aws-sdk/client-sesv2', '@aws-sdk/client-pinpoint-sms-voice-v2', 'channels/ses-email-channel', 'channels/aliyun-sms', 'channels/webhook-channel', 'lib/notifications/robots/', 'node_modules/zod/v4/classic/'],
      notifier: ['lib/intake/', 'lib/http/', 'lib/complaints/', '@aws-sdk/client-sqs/', '@aws-sdk/client-lambda', 'node_modules/zod/v4/classic/'],
    };
    for (const [fn, parts] of Object.entries(forbidden)) for (const part of parts) expect(has(fn, part), `${fn} bundles ${part}`).toBe(false);
    // ...and what each must hold, so the check above cannot pass on an empty list.
    expect(has('webhook-api', 'lib/intake/providers/stripe.ts')).toBe(true);
    expect(has('webhook-api', 'lib/intake/replay-quarantined.ts')).toBe(true);
    expect(has('operator-api', 'lib/intake/replay-invoke.ts')).toBe(true);
    expect(has('operator-api', 'lib/http/complaint-routes.ts')).toBe(true);
    expect(has('desk', 'lib/http/desk/board-page.tsx')).toBe(true);
    expect(has('desk', 'node_modules/hono/dist/jsx/')).toBe(true);
    expect(has('ingest-worker', 'lib/complaints/complaint-service.ts')).toBe(true);
    expect(has('notifier', 'lib/notifications/channels/ses-email-channel.ts')).toBe(true);
    // zod as a namespace import: of its 40-odd locale files (264 kB) only the default English one comes along.
    for (const fn of Object.keys(sourcesOf)) expect(sourcesOf[fn]!.filter((p) => p.includes('zod/v4/locales/') && !p.endsWith('/en.js')), `${fn} bundles zod locales`).toEqual([]);
  });

  it('webhook-api → ingest-worker → stall-scanner → notifier, end to end: the batch is warned by e-mail and both SMS providers', async () => {
    // webhook-api: an API Gateway v2 event per delivery (base64 body, as API Gateway sends it)
    expect((await handlers['webhook-api']!(apiEvent('GET', '/health', {}))).statusCode).toBe(200);
    const old = new Date(Date.now() - 50 * 3_600_000).toISOString();
    // one batch, three customers: a mainland-China phone (Alibaba Cloud SMS), an English customer with
    // an e-mail (SES), a US phone (AWS End User Messaging SMS)
    const customers = [{ phone: '+8613800000009', locale: 'zh-CN' }, { email: 'ann@example.com', locale: 'en' }, { phone: '+12065550100', locale: 'en' }];
    const bodies = [
      ...customers.map((customer, i) => ({ type: 'order.shipped', timestamp: old, data: { orderId: `BUNDLE-${i + 1}`, carrier: 'sf-express', trackingNumber: `SFBUNDLE${i + 1}`, shippedAt: old, batchId: 'B-BUNDLE', customer, items: [] } })),
      { type: 'tracking.updated', timestamp: old, data: { carrier: 'sf-express', trackingNumber: 'SFBUNDLE1', status: 'in_transit', occurredAt: old } },
    ];
    for (const body of bodies) {
      const d = standardSigner.sign(Buffer.from(JSON.stringify(body)));
      const res = await handlers['webhook-api']!(apiEvent('POST', '/webhooks/standard', d.headers, d.body));
      expect(res.statusCode, res.body).toBe(200);
    }
    // ingest-worker: an SQS event with what the ack path queued
    const ingest = await drainAll(svc.queueUrls.ingest);
    expect(ingest.Records.length).toBe(4);
    expect(await handlers['ingest-worker']!(ingest, {})).toEqual({ batchItemFailures: [] });
    expect((await svc.parts.stall.shipments.get('SFBUNDLE1'))?.orderId).toBe('BUNDLE-1');
    // stall-scanner: the schedule's event
    const scan = await handlers['stall-scanner']!({ 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} });
    expect(scan).toMatchObject({ alertsOpened: 3, incidentsOpened: 1, notificationsEnqueued: 3 });
    // operator-api: the read API sees the logistics complaint the scan opened
    expect((await handlers['operator-api']!(apiEvent('GET', '/health', {}))).statusCode).toBe(200);
    const listed = await handlers['operator-api']!(apiEvent('GET', '/complaints', { authorization: 'Bearer bundle-admin-token' }, undefined, 'orderId=BUNDLE-1'));
    expect(listed.statusCode, listed.body).toBe(200);
    expect(JSON.parse(listed.body).items.map((c: { category: string }) => c.category)).toEqual(['logistics']);
    // desk: the pages a browser loads, and the session it signs in is the one operator-api accepts
    const docs = await handlers['desk']!(apiEvent('GET', '/docs', {}));
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/^text\/html/);
    expect(docs.body).toContain('/complaints');
    const signIn = await handlers['desk']!(apiEvent('GET', '/', {}));
    expect(signIn.statusCode).toBe(200);
    expect(signIn.body).toContain('data-testid="sign-in"');
    const form = Buffer.from(new URLSearchParams({ token: 'bundle-admin-token' }).toString());
    const session = await handlers['desk']!(apiEvent('POST', '/session', { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' }, form));
    expect(session.statusCode, session.body).toBe(303);
    const cookie = [...(session.cookies ?? []), session.headers['set-cookie'] ?? ''].join(';').match(/hub_session=[^;]+/)?.[0];
    expect(cookie).toBeDefined();
    const board = await handlers['desk']!(apiEvent('GET', '/', { cookie: cookie! }));
    expect(board.statusCode, board.body).toBe(200);
    expect(board.body).toContain('BUNDLE-1');
    const csv = await handlers['desk']!(apiEvent('GET', '/desk/complaints.csv', { cookie: cookie! }, undefined, 'orderId=BUNDLE-1'));
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const withCookie = await handlers['operator-api']!(apiEvent('GET', '/complaints', { cookie: cookie! }, undefined, 'orderId=BUNDLE-1'));
    expect(withCookie.statusCode, withCookie.body).toBe(200);
    // notifier: the notify queue's messages — one warning per order, and each stall's team alert per robot kind (none configured: skipped)
    const notify = await drainAll(svc.queueUrls.notify);
    expect(notify.Records.filter((r) => 'notificationId' in JSON.parse(r.body)).length).toBe(3);
    expect(notify.Records.filter((r) => JSON.parse(r.body).type === 'team_alert').length).toBe(12);
    expect(await handlers['notifier']!(notify, {})).toEqual({ batchItemFailures: [] });
    const statusOf = async (orderId: string) => (await svc.parts.stall.notifications.list({ orderId }, 10)).items.map((x) => [x.channel, x.status]);
    expect(await statusOf('BUNDLE-1')).toEqual([['sms', 'sent']]);
    expect(await statusOf('BUNDLE-2')).toEqual([['email', 'sent']]);
    expect(await statusOf('BUNDLE-3')).toEqual([['sms', 'sent']]);
    // ...and each provider really got its message
    const mails = ((await (await fetch(`${sesUrl}/store`)).json()) as { emails: { destination: { to: string[] }; subject: string }[] }).emails;
    expect(mails.filter((m) => m.destination.to.includes('ann@example.com'))).toHaveLength(1);
    expect(aliyun.requests.map((r) => new URL(r.url, 'http://x').searchParams.get('PhoneNumbers'))).toEqual(['13800000009']);
    expect(awsSms.requests.map((r) => JSON.parse(r.body).DestinationPhoneNumber)).toEqual(['+12065550100']);
  });

  it('webhook-api replays a quarantined delivery invoked directly (as operator-api does deployed), and refuses any other direct payload', async () => {
    const body = { type: 'order.shipped', timestamp: new Date().toISOString(), data: { orderId: 'BUNDLE-REPLAY', carrier: 'sf-express', trackingNumber: 'SFREPLAY1', shippedAt: new Date().toISOString(), items: [] } };
    const d = standardSigner.sign(Buffer.from(JSON.stringify(body)), { deliveryId: 'msg_bundle_replay' });
    const record = { provider: 'standard', deliveryId: 'msg_bundle_replay', receivedAt: new Date().toISOString(), headers: d.headers, body: { encoding: 'utf8', data: d.body.toString('utf8') } };
    expect(await handlers['webhook-api']!({ action: 'replay-quarantined', record })).toEqual({ replayed: true, events: 1 });
    const queued = (await drainAll(svc.queueUrls.ingest)).Records.map((r) => JSON.parse(r.body));
    expect(queued).toMatchObject([{ provider: 'standard', deliveryId: 'msg_bundle_replay', outcome: 'accepted', replay: true, rawStoredInTable: true }]);
    // still not understood: answered, nothing queued
    expect(await handlers['webhook-api']!({ action: 'replay-quarantined', record: { ...record, body: { encoding: 'utf8', data: '{"type":' } } })).toMatchObject({ replayed: false, reason: expect.stringMatching(/unreadable/) });
    await expect(handlers['webhook-api']!({ action: 'delete-everything', record })).rejects.toMatchObject({ name: 'InvalidReplayInvoke', message: expect.stringMatching(/unknown action/) });
    await expect(handlers['webhook-api']!({ action: 'replay-quarantined', record: { provider: 'standard' } })).rejects.toMatchObject({ name: 'InvalidReplayInvoke' });
    expect((await drainAll(svc.queueUrls.ingest)).Records).toEqual([]);
    // an API Gateway event still goes to the app
    expect((await handlers['webhook-api']!(apiEvent('GET', '/health', {}))).statusCode).toBe(200);
  });

  // Last, over every call the tests above made: what IAM will be asked for deployed (transactions by
  // their items) is on the function's role in the synthesized template, so a new call without its
  // grant fails here rather than as an AccessDenied in production.
  it('every DynamoDB and SQS action each bundle called is granted to its role in the template', async () => {
    // one more flow first: a shop's return request, which the worker turns into a complaint (a transaction)
    const at = new Date().toISOString();
    const request = { type: 'aftersale.requested', timestamp: at, data: { orderId: 'BUNDLE-IAM', requestId: 'R-BUNDLE-IAM', type: 'return_refund', reason: '尺码不对 size too small', amount: { value: 199, currency: 'CNY' } } };
    const d = standardSigner.sign(Buffer.from(JSON.stringify(request)));
    expect((await handlers['webhook-api']!(apiEvent('POST', '/webhooks/standard', d.headers, d.body))).statusCode).toBe(200);
    expect(await handlers['ingest-worker']!(await drainAll(svc.queueUrls.ingest), {})).toEqual({ batchItemFailures: [] });
    expect((await svc.parts.complaints.list({ orderId: 'BUNDLE-IAM' }, 10)).items).toHaveLength(1);
    const called = Object.fromEntries(Object.entries(callsOf).map(([fn, proxies]) => [fn, [...new Set(proxies.flatMap((p) => [...p.actions]))].sort()]));
    for (const [fn, actions] of Object.entries(called)) expect(actions.filter((a) => !grantedOf[fn]!.has(a)), `${fn} calls without a grant`).toEqual([]);
    // ...and the recording saw the calls the flows above make, so the check cannot pass on nothing
    expect(called['webhook-api']).toEqual(expect.arrayContaining(['sqs:SendMessage', 'sqs:GetQueueAttributes']));
    expect(called['ingest-worker']).toEqual(expect.arrayContaining(['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
    expect(called['stall-scanner']).toEqual(expect.arrayContaining(['dynamodb:Query', 'sqs:SendMessage']));
    expect(called['notifier']).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:UpdateItem']));
    expect(called['operator-api']).toEqual(expect.arrayContaining(['dynamodb:GetItem']));
    expect(called['desk']).toEqual(expect.arrayContaining(['dynamodb:PutItem']));
  });
});
