import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import sesLocal from 'aws-ses-v2-local';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { ensureTable } from '../../../lib/local/bootstrap.ts';
import { ShipmentStore } from '../../../lib/logistics/shipment-store.ts';
import { createLogger } from '../../../lib/platform/logger.ts';
import { SesEmailChannel } from '../../../lib/notifications/channels/ses-email-channel.ts';
import type { OutboundNotification } from '../../../lib/notifications/channels/notification-channel.ts';
import { deliverNotification, NotifyRetryLaterError, type NotifierDeps } from '../../../lib/notifications/deliver-notification.ts';
import { NotificationStore } from '../../../lib/notifications/notification-store.ts';
import { createCustomerChannels, type NotifyClients } from '../../../lib/notifications/notification-channels.ts';
import type { NotificationRecord } from '../../../lib/notifications/notification-types.ts';
import { loadNotifyConfig } from '../../../lib/notifications/notify-config.ts';
import { renderDelayWarning } from '../../../lib/notifications/templates.ts';
import { uniqueName } from '../../helpers/service.ts';
import { startLocalEndpoint, type Answer } from './local-endpoint.ts';

/**
 * Issue 15: e-mail through SES v2 SendEmail with the real SDK client against aws-ses-v2-local
 * (started in-process on a free port; what it received is read back through its own API,
 * `GET /store`), and the notifier end to end: the cherry-batch warning goes out as an e-mail the
 * emulator holds; a provider failure leaves the notification `failed` with the reason and hands
 * the message back to the queue, and the redelivery sends it.
 */
type StoredEmail = { messageId: string; from: string; destination: { to: string[] }; subject: string; body: { text?: string } };
const creds = { accessKeyId: 'local', secretAccessKey: 'local' };
const remedy = { 'zh-CN': '我们已为您免费升级次日达冷链，并赠送 50 元优惠券。', en: 'We upgraded you to next-day cold-chain delivery and added a 50 CNY coupon.' };
/** CommonJS with `exports.default`: Node's loader hands over module.exports, vitest's interop the function. */
const sesModule = sesLocal as unknown as typeof sesLocal.default | { default: typeof sesLocal.default };
const startSesLocal = typeof sesModule === 'function' ? sesModule : sesModule.default;
let ses: Server;
let sesUrl: string;
const sesClient = (endpoint = sesUrl) => new SESv2Client({ endpoint, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
const inbox = async (to: string): Promise<StoredEmail[]> => {
  const res = await fetch(`${sesUrl}/store`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { emails: StoredEmail[] }).emails.filter((e) => e.destination.to.includes(to));
};

beforeAll(async () => {
  ses = await startSesLocal({ host: '127.0.0.1', port: 0 });
  sesUrl = `http://127.0.0.1:${(ses.address() as AddressInfo).port}`;
});
afterAll(async () => {
  ses?.closeAllConnections();
  await new Promise<void>((resolve) => (ses ? ses.close(() => resolve()) : resolve()));
});

describe('SES v2 e-mail channel', () => {
  const n = (email: string): OutboundNotification => ({
    id: 'ntf_mail_1', incidentId: 'inc_1', orderId: 'SO-MAIL-1', trackingNumber: 'SF2001', channel: 'email', locale: 'en', template: 'delay_warning',
    status: 'sending', queuedAt: '2026-11-22T00:00:00.000Z', to: { name: 'Ann', email }, carrier: 'sf-express',
  });
  const rendered = renderDelayWarning('en', { orderId: 'SO-MAIL-1', carrier: 'sf-express', trackingNumber: 'SF2001' }, remedy);

  it('the emulator receives the message: from, to, subject and text body', async () => {
    const to = `ann.${Date.now()}@example.com`;
    const res = await new SesEmailChannel(sesClient(), { from: 'service@shop.example', configurationSet: 'notify-events' }).send(n(to), rendered);
    expect(res.ok).toBe(true);
    const [mail, ...more] = await inbox(to);
    expect(more).toEqual([]);
    expect(res.detail).toBe(`ses ${mail!.messageId}`);
    expect(mail).toMatchObject({ from: 'service@shop.example', destination: { to: [to] }, subject: rendered.subject, body: { text: rendered.text } });
  });

  it('SES errors as documented (restJson: status + x-amzn-ErrorType): throttling retryable, rejection not, no address in the outcome', async () => {
    let answer: Answer = { status: 500, body: {} };
    const fake = await startLocalEndpoint(() => answer);
    try {
      const channel = new SesEmailChannel(sesClient(fake.url), { from: 'service@shop.example' });
      const err = (status: number, type: string, message: string): Answer => ({ status, headers: { 'x-amzn-errortype': type, 'content-type': 'application/json' }, body: { message } });
      const cases: [Answer, { retryable: boolean; detail: string }][] = [
        [err(429, 'TooManyRequestsException', 'Maximum sending rate exceeded.'), { retryable: true, detail: 'ses TooManyRequestsException' }],
        [err(400, 'MessageRejected', 'Email address is not verified. The following identities failed the check in region US-EAST-1: ann@example.com'), { retryable: false, detail: 'ses MessageRejected' }],
        [err(400, 'SendingPausedException', 'Sending is paused for this account.'), { retryable: false, detail: 'ses SendingPausedException' }],
        [err(500, 'InternalServiceErrorException', 'internal'), { retryable: true, detail: 'ses InternalServiceErrorException' }],
      ];
      for (const [a, expected] of cases) {
        answer = a;
        const res = await channel.send(n('ann@example.com'), rendered);
        expect(res).toEqual({ ok: false, ...expected });
        expect(JSON.stringify(res)).not.toContain('ann@example.com');
      }
      expect(fake.requests[0]!.url).toBe('/v2/email/outbound-emails');
    } finally {
      await fake.stop();
    }
  });
});

describe('the notifier end to end (DynamoDB Local, real stores, real SDK clients)', () => {
  let dynamo: DynamoDBClient;
  let notifications: NotificationStore;
  let shipments: ShipmentStore;
  const logger = createLogger({ serviceName: 'test', level: 'SILENT' });
  const now = () => new Date();

  beforeAll(async () => {
    dynamo = new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'us-east-1', credentials: creds });
    const tableName = uniqueName('notify');
    await ensureTable(dynamo, tableName);
    const ddb = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
    notifications = new NotificationStore(ddb, tableName);
    shipments = new ShipmentStore(ddb, tableName);
  });
  afterAll(() => dynamo?.destroy());

  /** One order of the cherry batch, shipped with the given contact, and its queued notification. */
  async function queued(orderId: string, channel: NotificationRecord['channel'], customer: { phone?: string; email?: string; locale?: string }) {
    const trackingNumber = `SF-${orderId}`;
    const at = new Date().toISOString();
    await shipments.put({ trackingNumber, carrier: 'sf-express', orderId, batchId: 'BATCH-CHERRY', status: 'in_transit', customer, thresholdHours: 24, promisedBy: '2026-11-22T08:00:00.000Z', createdAt: at, updatedAt: at, v: 1 }, undefined, new Date());
    const record: NotificationRecord = { id: `ntf_${orderId}`, incidentId: 'inc_cherry', batchId: 'BATCH-CHERRY', orderId, trackingNumber, channel, locale: 'zh-CN', template: 'delay_warning', status: 'queued', queuedAt: at };
    expect((await notifications.createIfAbsent(record)).created).toBe(true);
    return JSON.stringify({ v: 1, notificationId: record.id, incidentId: record.incidentId, orderId });
  }
  const depsWith = (clients: NotifyClients, env: Record<string, string> = {}): NotifierDeps => ({
    notifications,
    shipments,
    channels: createCustomerChannels(loadNotifyConfig({ STAGE: 'prod', NOTIFY_EMAIL_FROM: 'service@shop.example', ...env }), clients).byName,
    remedy,
    logger,
    now,
    lockSeconds: 30,
  });

  it('the cherry-batch warning goes out as an e-mail the SES emulator received; the record says sent', async () => {
    const to = `cherry.${Date.now()}@example.cn`;
    const msg = await queued(`SO-CH-${Date.now()}`, 'email', { email: to });
    const out = await deliverNotification(msg, depsWith({ ses: sesClient() }));
    expect(out).toMatchObject({ outcome: 'sent', channel: 'email' });
    const [mail] = await inbox(to);
    expect(mail!.subject).toMatch(/物流延误提醒/);
    expect(mail!.body.text).toContain(remedy['zh-CN']);
    const rec = await notifications.get('inc_cherry', JSON.parse(msg).orderId);
    expect(rec).toMatchObject({ status: 'sent' });
    expect(rec?.sentAt).toBeDefined();
  });

  it('an SMS provider failure leaves the notification failed with the reason and retried; the redelivery sends it', async () => {
    let answer: Answer = { status: 400, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: { __type: 'ThrottlingException', Message: 'Rate exceeded' } };
    const aws = await startLocalEndpoint(() => answer);
    try {
      const orderId = `SO-CH-SMS-${Date.now()}`;
      const msg = await queued(orderId, 'sms', { phone: '+447700900123' });
      const deps = depsWith({ smsVoice: new PinpointSMSVoiceV2Client({ endpoint: aws.url, region: 'us-east-1', credentials: creds, maxAttempts: 1 }) });

      await expect(deliverNotification(msg, deps)).rejects.toBeInstanceOf(NotifyRetryLaterError);
      expect(await notifications.get('inc_cherry', orderId)).toMatchObject({ status: 'failed', reason: 'aws-sms ThrottlingException' });

      answer = { status: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: { MessageId: 'm-77' } };
      expect(await deliverNotification(msg, deps)).toMatchObject({ outcome: 'sent', detail: 'aws-sms m-77' });
      expect(await notifications.get('inc_cherry', orderId)).toMatchObject({ status: 'sent' });
      // A duplicate queue message after that does nothing.
      expect(await deliverNotification(msg, deps)).toMatchObject({ outcome: 'duplicate' });
      expect(aws.requests).toHaveLength(2);
    } finally {
      await aws.stop();
    }
  });

  it('a permanent failure is recorded failed and not retried', async () => {
    const aws = await startLocalEndpoint(() => ({ status: 400, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: { __type: 'ConflictException', Message: 'opted out', Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT' } }));
    try {
      const orderId = `SO-CH-OPT-${Date.now()}`;
      const msg = await queued(orderId, 'sms', { phone: '+447700900124' });
      const out = await deliverNotification(msg, depsWith({ smsVoice: new PinpointSMSVoiceV2Client({ endpoint: aws.url, region: 'us-east-1', credentials: creds, maxAttempts: 1 }) }));
      expect(out).toMatchObject({ outcome: 'failed', detail: 'aws-sms ConflictException DESTINATION_PHONE_NUMBER_OPTED_OUT' });
      expect(await notifications.get('inc_cherry', orderId)).toMatchObject({ status: 'failed', reason: 'aws-sms ConflictException DESTINATION_PHONE_NUMBER_OPTED_OUT' });
    } finally {
      await aws.stop();
    }
  });
});
