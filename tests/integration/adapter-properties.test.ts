import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PROVIDER_IDS } from '../../lib/intake/providers/index.ts';
import { providers } from '../../lib/intake/providers/index.ts';
import { loadSamples } from '../../events/samples.ts';
import { startTestService } from '../helpers/service.ts';

/**
 * Hostile input, per provider, through the real app and the real queue client: any bytes, any
 * headers, any JSON never crash the process, never answer 5xx, and never reach the queue without a
 * valid signature. `app.request` drives the Hono app in-process (no sockets) so hundreds of cases
 * per provider stay fast; the queue is the embedded fauxqs.
 */
let svc: Awaited<ReturnType<typeof startTestService>>;
let sends = 0;
beforeAll(async () => {
  svc = await startTestService({ roles: { api: false, workers: false, scanner: false } });
  svc.parts.clients.sqs.middlewareStack.add(
    (next) => async (args) => {
      sends++;
      return next(args);
    },
    { step: 'initialize', name: 'countSends' },
  );
});
afterAll(async () => svc?.stop());

const headerName = fc.constantFrom(
  'content-type', 'webhook-id', 'webhook-timestamp', 'webhook-signature', 'stripe-signature', 'x-shopify-hmac-sha256', 'x-shopify-topic',
  'x-wc-webhook-signature', 'event-sign', 'app-id', 'aftership-hmac-sha256', 'sign', 'x-hmac-signature', 'paypal-transmission-sig',
  'paypal-transmission-id', 'paypal-transmission-time', 'wechatpay-signature', 'wechatpay-timestamp', 'wechatpay-nonce', 'wechatpay-serial', 'content-encoding',
);
const headerValue = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'v1,AAAA', 't=1,v1=00', '0'));
const body = fc.oneof(
  fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)),
  fc.json({ maxDepth: 6 }).map((j) => Buffer.from(j)),
  fc.string({ maxLength: 300 }).map((s) => Buffer.from(s)),
);

describe.each(PROVIDER_IDS.map((p) => [p]))('%s under hostile input', (provider) => {
  it('never crashes, never 5xx, never queues without a valid signature', async () => {
    const app = svc.app;
    const contentType = providers[provider].contentTypes[0]!;
    const sample = loadSamples(provider)[0];
    await fc.assert(
      fc.asyncProperty(fc.dictionary(headerName, headerValue, { maxKeys: 6 }), fc.oneof(body, fc.constant(sample?.body ?? Buffer.from('{}'))), fc.boolean(), async (headers, bytes, keepType) => {
        const before = sends;
        const res = await app.request(`/webhooks/${provider}`, { method: 'POST', headers: { ...headers, ...(keepType ? { 'content-type': contentType } : {}) }, body: bytes });
        expect(res.status).toBeLessThan(500);
        const text = await res.text();
        if (res.status >= 400) expect(JSON.parse(text)).toHaveProperty('error.code');
        // Nothing reached the queue unless it was a handshake the provider answers without storing.
        if (sends !== before) expect.fail(`queued a delivery without a valid signature (status ${res.status})`);
      }),
      { numRuns: 150 },
    );
  });
});
