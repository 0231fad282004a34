import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readSecretString } from '../../../lib/platform/aws/secrets-extension.ts';
import { Webhook } from 'standardwebhooks';
import { createCustomerChannels, createTeamRobots } from '../../../lib/notifications/notification-channels.ts';
import { loadNotifyConfig, NotifyConfigError } from '../../../lib/notifications/notify-config.ts';
import { secretsManagerSource, withNotifySecrets } from '../../../lib/notifications/notify-secrets.ts';
import type { OutboundNotification } from '../../../lib/notifications/channels/notification-channel.ts';
import { alerts } from '../../unit/notifications/alert-fixtures.ts';
import { startLocalEndpoint, type Answer, type RecordedRequest } from './local-endpoint.ts';

/**
 * Deployed, the merchant webhook's URL and secret (and the robots' URLs and secrets) come from
 * one Secrets Manager secret, read through the Parameters and Secrets Lambda Extension. A local
 * endpoint answers as the extension documents: GET /secretsmanager/get?secretId=…, only with the
 * function's session token in X-Aws-Parameters-Secrets-Token, the GetSecretValue JSON as body.
 */
const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
let sm: Awaited<ReturnType<typeof startLocalEndpoint>>;
let receiver: Awaited<ReturnType<typeof startLocalEndpoint>>;
let secretAnswer: Answer;
const secretValue = (obj: unknown): Answer => ({
  status: 200,
  headers: { 'content-type': 'application/x-amz-json-1.1' },
  body: { ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:notify-AbCdEf', Name: 'notify', SecretString: typeof obj === 'string' ? obj : JSON.stringify(obj), VersionId: 'v1', VersionStages: ['AWSCURRENT'], CreatedDate: 1764547200 },
});
const TOKEN = 'local-session-token';
const read = (id: string) => () => readSecretString(id, { port: Number(new URL(sm.url).port), token: TOKEN });
const n: OutboundNotification = {
  id: 'ntf_sec_1', incidentId: 'inc_1', orderId: 'SO-SEC-1', trackingNumber: 'SF3001', channel: 'webhook', locale: 'zh-CN', template: 'delay_warning',
  status: 'sending', queuedAt: '2026-11-22T00:00:00.000Z', to: { phone: '+8613812345678' }, carrier: 'sf-express',
};

beforeAll(async () => {
  sm = await startLocalEndpoint((r: RecordedRequest) => {
    if (r.headers['x-aws-parameters-secrets-token'] !== TOKEN) return { status: 401, body: 'not authorized' };
    return r.method === 'GET' && r.url === `/secretsmanager/get?secretId=${encodeURIComponent('aftersales/notify')}`
      ? secretAnswer
      : { status: 400, body: { __type: 'ResourceNotFoundException', Message: "Secrets Manager can't find the specified secret." } };
  });
  receiver = await startLocalEndpoint((r) => (r.url.startsWith('/services/') ? { status: 200, body: 'ok' } : { status: 204 }));
});
afterAll(async () => Promise.all([sm?.stop(), receiver?.stop()]));
afterEach(() => {
  sm.requests.length = 0;
  receiver.requests.length = 0;
});

describe('notify secrets from Secrets Manager', () => {
  it('the merchant webhook and a robot are configured from the secret, not the environment', async () => {
    secretAnswer = secretValue({ NOTIFY_WEBHOOK_URL: `${receiver.url}/notify`, NOTIFY_WEBHOOK_SECRET: WEBHOOK_SECRET, ALERT_SLACK_URL: `${receiver.url}/services/T/B/X`, UNRELATED: 'ignored' });
    const base = loadNotifyConfig({ STAGE: 'prod', NOTIFY_SECRETS_ID: 'aftersales/notify' });
    const config = await withNotifySecrets(base, secretsManagerSource(read(base.NOTIFY_SECRETS_ID!)));
    expect(config).not.toHaveProperty('UNRELATED');

    const { byName } = createCustomerChannels(config);
    expect(await byName.webhook!.send(n, { subject: 's', text: 't' })).toEqual({ ok: true, detail: 'webhook 204' });
    const [delivery] = receiver.requests;
    expect(delivery!.url).toBe('/notify');
    expect(() => new Webhook(WEBHOOK_SECRET).verify(delivery!.body, delivery!.headers as Record<string, string>)).not.toThrow();

    const [slack] = createTeamRobots(config);
    expect(slack!.name).toBe('slack');
    expect(await slack!.send(alerts.stall)).toEqual({ detail: 'slack ok' });
    expect(receiver.requests.map((r) => r.url)).toEqual(['/notify', '/services/T/B/X']);
  });

  it('reads the secret once per process, and retries a failed read instead of caching it', async () => {
    const src = secretsManagerSource(read('aftersales/notify'));
    secretAnswer = { status: 500, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: { __type: 'InternalServiceError', Message: 'boom' } };
    await expect(src()).rejects.toMatchObject({ name: 'NotifyConfigError', message: 'notify secret could not be read (SecretReadError)' });
    secretAnswer = secretValue({ ALERT_DINGTALK_SECRET: 'SECabc' });
    expect(await src()).toEqual({ ALERT_DINGTALK_SECRET: 'SECabc' });
    expect(await src()).toEqual({ ALERT_DINGTALK_SECRET: 'SECabc' });
    expect(sm.requests).toHaveLength(2);
  });

  it('a secret that is not JSON, or holds a bad URL, fails naming the setting and never the value', async () => {
    secretAnswer = secretValue('SECplain-text-secret');
    const notJson = await secretsManagerSource(read('aftersales/notify'))().catch((e: unknown) => e);
    expect(notJson).toBeInstanceOf(NotifyConfigError);
    expect(String(notJson)).not.toContain('SECplain-text-secret');

    secretAnswer = secretValue({ ALERT_WECOM_URL: 'qyapi.weixin.qq.com/cgi-bin/webhook/send?key=leaked-key' });
    const bad = await withNotifySecrets(loadNotifyConfig({}), secretsManagerSource(read('aftersales/notify'))).catch((e: unknown) => e);
    expect(String(bad)).toContain('ALERT_WECOM_URL');
    expect(String(bad)).not.toContain('leaked-key');

    await expect(secretsManagerSource(read('no/such/secret'))()).rejects.toMatchObject({ message: 'notify secret could not be read (SecretReadError)' });
  });
});
