import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { secretSourceFromConfig } from '../../lib/intake/providers/secrets.ts';

/**
 * Provider secrets deployed: one JSON secret read through the Parameters and Secrets Lambda
 * Extension. A local server answers as the extension documents (GET /secretsmanager/get, the
 * function's session token required, GetSecretValue's JSON as body).
 */
let server: Server;
let port = 0;
let calls = 0;
let answer: { status: number; body: unknown } = { status: 200, body: {} };
const TOKEN = 'session-token-of-this-function';

beforeAll(async () => {
  server = createServer((req, res) => {
    calls++;
    const ok = req.headers['x-aws-parameters-secrets-token'] === TOKEN && req.url === `/secretsmanager/get?secretId=${encodeURIComponent('hub/prod/webhook-secrets')}`;
    const a = ok ? answer : { status: 401, body: { message: 'unauthorized' } };
    res.writeHead(a.status, { 'content-type': 'application/json' }).end(JSON.stringify(a.body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const env = () => ({ PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(port), AWS_SESSION_TOKEN: TOKEN });
const config = { STAGE: 'prod', WEBHOOK_SECRETS_ID: 'hub/prod/webhook-secrets' };

describe('provider secrets through the Lambda secrets extension', () => {
  it('reads the JSON secret once and serves every provider from it, rotation lists included', async () => {
    answer = { status: 200, body: { Name: 'hub/prod/webhook-secrets', SecretString: JSON.stringify({ stripe: ['whsec_new', 'whsec_old'], paypal_WEBHOOK_ID: 'WH-1', paypal: 'pem' }) } };
    calls = 0;
    const source = secretSourceFromConfig(config, env());
    expect(await source.get('stripe')).toEqual({ secrets: ['whsec_new', 'whsec_old'], extra: {} });
    expect((await source.get('paypal')).extra.WEBHOOK_ID).toBe('WH-1');
    expect(calls).toBe(1);
  });

  it('a failed read is not cached: the next request tries again; the error names no secret', async () => {
    answer = { status: 500, body: { message: 'boom' } };
    calls = 0;
    const source = secretSourceFromConfig(config, env());
    const err = await source.get('stripe').catch((e: unknown) => e as Error);
    expect(String(err)).toBe('SecretReadError: secret could not be read (HTTP 500)');
    answer = { status: 200, body: { SecretString: JSON.stringify({ stripe: 'whsec_x' }) } };
    expect((await source.get('stripe')).secrets).toEqual(['whsec_x']);
    expect(calls).toBe(2);
  });

  it('without the function’s session token the extension refuses', async () => {
    const source = secretSourceFromConfig(config, { ...env(), AWS_SESSION_TOKEN: 'someone-else' });
    await expect(source.get('stripe')).rejects.toThrow('HTTP 401');
  });
});
