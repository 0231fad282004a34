import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signers } from '../../../events/signers/index.ts';
import { confirmersFor, PaypalEventConfirmer } from '../../../lib/intake/paypal-event-confirmer.ts';
import { envSecretSource } from '../../../lib/intake/providers/secrets.ts';
import { eventually, startTestService } from '../../helpers/service.ts';
import { forgeWithCrc } from './crc32-forge.ts';

/**
 * The PaypalEventConfirmer port against a local stand-in for PayPal's API (OAuth2 client
 * credentials + verify-webhook-signature), wired into the running service. It closes what body
 * binding alone leaves open: a CRC32 forgery that arrives BEFORE the genuine delivery.
 */
const CLIENT_ID = 'local-paypal-client';
const CLIENT_SECRET = `secret-${randomUUID()}`;
/** What "PayPal" really sent: transmission id → exact event JSON. */
const sent = new Map<string, string>();
const calls = { token: 0, verify: 0 };
let paypalUp = true;
let api: Server;
let apiBase: string;

const readBody = (req: IncomingMessage) => new Promise<string>((resolve) => {
  let s = '';
  req.on('data', (c) => (s += c));
  req.on('end', () => resolve(s));
});

let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  api = createServer(async (req, res) => {
    const body = await readBody(req);
    if (!paypalUp) return res.writeHead(503).end();
    if (req.url === '/v1/oauth2/token') {
      calls.token++;
      const ok = req.headers.authorization === `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}` && body === 'grant_type=client_credentials';
      return ok ? res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'A21AA-local', expires_in: 32400 })) : res.writeHead(401).end();
    }
    if (req.url === '/v1/notifications/verify-webhook-signature') {
      calls.verify++;
      if (req.headers.authorization !== 'Bearer A21AA-local') return res.writeHead(401).end();
      const q = JSON.parse(body) as { transmission_id: string; webhook_id: string; webhook_event: unknown };
      const genuine = sent.get(q.transmission_id) === JSON.stringify(q.webhook_event) && q.webhook_id === 'WH-LOCAL-0000000000000000';
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ verification_status: genuine ? 'SUCCESS' : 'FAILURE' }));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  apiBase = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;

  svc = await startTestService({ env: { STAGE: 'local' } });
  // Deployed, confirmersFor wires this from the PAYPAL_VERIFY_API_BASE setting and the secret's CLIENT_ID /
  // CLIENT_SECRET; here the same objects point at the local stand-in.
  svc.parts.acceptDeps.confirmers = { paypal: new PaypalEventConfirmer({ apiBase, timeoutMs: 2_000 }) };
  svc.parts.acceptDeps.secrets = envSecretSource({ WEBHOOK_SECRET_PAYPAL_CLIENT_ID: CLIENT_ID, WEBHOOK_SECRET_PAYPAL_CLIENT_SECRET: CLIENT_SECRET }, { localDefaults: true });
});
afterAll(async () => {
  await svc?.stop();
  await new Promise((r) => api?.close(r));
});

function dispute(order: string) {
  return Buffer.from(JSON.stringify({ id: `WH-${randomUUID()}`, event_type: 'CUSTOMER.DISPUTE.CREATED', create_time: new Date().toISOString(), resource: { dispute_id: `PP-D-${randomUUID().slice(0, 6)}`, disputed_transactions: [{ invoice_number: order }], reason: 'MERCHANDISE_OR_SERVICE_NOT_RECEIVED', status: 'OPEN', dispute_amount: { currency_code: 'USD', value: '3.00' } } }));
}
const send = async (d: { headers: Record<string, string>; body: Buffer }) => {
  const res = await fetch(`${svc.url}/webhooks/paypal`, { method: 'POST', headers: d.headers, body: d.body });
  return { status: res.status, body: await res.text(), id: res.headers.get('x-delivery-id') };
};

describe('PaypalEventConfirmer', () => {
  it('is off unless PAYPAL_VERIFY_API_BASE is set (the local default)', () => {
    expect(confirmersFor({})).toEqual({});
    expect(confirmersFor({ PAYPAL_VERIFY_API_BASE: 'https://api-m.paypal.com' }).paypal).toBeInstanceOf(PaypalEventConfirmer);
  });

  it('a genuine delivery is confirmed by PayPal and accepted', async () => {
    const order = `PPC-${randomUUID().slice(0, 8)}`;
    const body = dispute(order);
    const d = signers.paypal.sign(body);
    sent.set(d.headers['paypal-transmission-id']!, JSON.stringify(JSON.parse(body.toString())));
    const before = calls.verify;
    const r = await send(d);
    expect(r.status, r.body).toBe(200);
    expect(calls.verify).toBe(before + 1);
    await eventually(async () => (await svc.parts.complaints.store.forOrder(order)).length === 1, 'dispute complaint');
  });

  it('a CRC32 forgery that arrives BEFORE the genuine delivery is refused (401) by PayPal\'s verdict', async () => {
    const genuine = dispute(`PPC-${randomUUID().slice(0, 8)}`);
    const captured = signers.paypal.sign(genuine);
    sent.set(captured.headers['paypal-transmission-id']!, JSON.stringify(JSON.parse(genuine.toString())));
    const victim = `VICTIM-${randomUUID().slice(0, 8)}`;
    const id = `WH-${randomUUID()}`;
    const forged = forgeWithCrc((pad) => JSON.stringify({ id, event_type: 'CUSTOMER.DISPUTE.CREATED', create_time: '2026-11-22T00:00:00Z', resource: { dispute_id: 'PP-D-X', disputed_transactions: [{ invoice_number: victim }], dispute_amount: { currency_code: 'USD', value: '9999.00' } }, pad }), crc32(genuine) >>> 0);
    const attack = await send({ headers: captured.headers, body: forged });
    expect(attack.status, attack.body).toBe(401);
    expect(attack.body).not.toContain(CLIENT_SECRET);
    // Nothing was stored under the transmission id, so the genuine delivery still gets in afterwards.
    const real = await send(captured);
    expect(real.status, real.body).toBe(200);
    expect(await svc.parts.complaints.store.forOrder(victim)).toEqual([]);
  });

  it('PayPal unreachable → 503 (PayPal retries), nothing stored, no secret in the answer', async () => {
    paypalUp = false;
    try {
      const r = await send(signers.paypal.sign(dispute(`PPC-${randomUUID().slice(0, 8)}`)));
      expect(r.status).toBe(503);
      expect(r.body).not.toContain(CLIENT_SECRET);
      expect(r.id).toBeNull();
    } finally {
      paypalUp = true;
    }
  });
});
