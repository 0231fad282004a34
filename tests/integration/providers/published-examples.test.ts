import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedExamples, type Sample } from '../../../events/samples.ts';
import { signers, type SignedDelivery } from '../../../events/signers/index.ts';
import { LOCAL_DEFAULT_SECRETS } from '../../../lib/intake/providers/local-defaults.ts';
import { providers } from '../../../lib/intake/providers/index.ts';
import { envSecretSource } from '../../../lib/intake/providers/secrets.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderAuditSink } from '../../../lib/intake/audit/folder-audit-sink.ts';
import { deriveEvents } from '../../../lib/intake/replay-quarantined.ts';
import { expectedEventsMismatch } from '../../unit/intake/expect-events.ts';
import { eventually, startTestService } from '../../helpers/service.ts';

/**
 * Issue 14's bar: every provider-published example in events/ (a `.meta.json` with `source`),
 * signed the way the provider signs it — with the provider's official npm library where there is
 * one (`stripe`, `standardwebhooks`), else its documented scheme (events/signers) — and posted
 * through HTTP to the embedded stack, is answered with the provider's ack, recorded with the
 * outcome its meta names (GET /deliveries/:provider/:id), and yields the canonical events it names.
 */
const stripeSdk = new Stripe('sk_test_unused');
const officialSign: Partial<Record<Sample['provider'], (s: Sample) => SignedDelivery>> = {
  stripe: (s) => ({
    body: s.body,
    headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': stripeSdk.webhooks.generateTestHeaderString({ payload: s.body.toString('utf8'), secret: LOCAL_DEFAULT_SECRETS.stripe.secret }) },
  }),
  standard: (s) => {
    const id = `msg_${s.variant}_${Date.now()}`;
    const at = new Date();
    return {
      body: s.body,
      headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(LOCAL_DEFAULT_SECRETS.standard.secret).sign(id, at, s.body.toString('utf8')) },
    };
  },
};

const auditDir = mkdtempSync(join(tmpdir(), 'examples-audit-'));
let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  // No API_TOKEN: GET /deliveries is then open, as the local stack documents.
  svc = await startTestService({ env: { STAGE: 'local', AUDIT_DIR: auditDir } });
});
afterAll(async () => svc?.stop());

describe('provider-published examples through HTTP', () => {
  it.each(publishedExamples().map((s) => [`${s.provider}/${s.variant}`, s] as const))('%s', async (_name, s) => {
    const adapter = providers[s.provider];
    const d = officialSign[s.provider]?.(s) ?? signers[s.provider].sign(s.body, { topic: s.meta.topic });
    const http = await fetch(`${svc.url}/webhooks/${s.provider}`, { method: 'POST', headers: d.headers, body: d.body });
    const res = { status: http.status, body: await http.text() };
    const id = http.headers.get('x-delivery-id')!;
    expect(id, res.body).toBeTruthy();
    const want = s.meta.expect!.outcome!;
    if (want === 'quarantined') {
      expect(res.status, res.body).toBe(202);
    } else {
      expect(res.status, res.body).toBe(adapter.ack('x').status);
      if (!adapter.ack('x').body.includes('"x"')) expect(res.body).toBe(adapter.ack('x').body);
    }
    const view = await eventually(async () => {
      const r = await fetch(`${svc.url}/deliveries/${s.provider}/${encodeURIComponent(id)}`);
      const v = r.ok ? ((await r.json()) as { state: string; outcome: string }) : undefined;
      return v && v.state !== 'pending' ? v : undefined;
    }, `${s.provider}/${s.variant} recorded`);
    expect(view.outcome).toBe(want === 'accepted' ? 'accepted' : want);
    if (s.meta.expect!.events) {
      // The done record keeps event refs only; the full events are derived again from the stored body.
      const stored = await svc.parts.rawEvents.get(s.provider, id);
      expect(stored!.events.map((e) => e.type)).toEqual(s.meta.expect!.events.map((e) => e.type));
      const audit = await new FolderAuditSink(auditDir, 30).get(s.provider, id, stored!.receivedAt);
      const derived = await deriveEvents({ ...stored!, headers: audit!.headers, body: audit!.body }, envSecretSource({}, { localDefaults: true }));
      expect('events' in derived && expectedEventsMismatch(derived.events, s.meta.expect!.events)).toBeUndefined();
    }
  });
});

