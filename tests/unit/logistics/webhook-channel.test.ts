import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { WebhookChannel } from '../../../lib/notifications/channels/webhook-channel.ts';
import type { OutboundNotification } from '../../../lib/notifications/channels/notification-channel.ts';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const n: OutboundNotification = {
  id: 'ntf_abc', incidentId: 'inc_1', batchId: 'B', orderId: 'O1', trackingNumber: 'T1', channel: 'webhook', locale: 'en', template: 'delay_warning',
  status: 'sending', queuedAt: '2026-11-22T00:00:00.000Z', to: { phone: '+8613812345678' }, carrier: 'sf-express',
};
const rendered = { subject: 's', text: 't' };

/** A fetch that answers from a script and records what it was sent; no network. */
function scripted(answers: (number | 'hang' | 'refuse')[]) {
  const calls: { headers: Record<string, string>; body: string }[] = [];
  const fetchFn = (async (_url: string, init: RequestInit) => {
    calls.push({ headers: init.headers as Record<string, string>, body: String(init.body) });
    const a = answers[Math.min(calls.length - 1, answers.length - 1)];
    if (a === 'refuse') throw new TypeError('fetch failed');
    if (a === 'hang') {
      return new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    }
    return new Response(null, { status: a });
  }) as unknown as typeof fetch;
  return { calls, fetchFn };
}

const channel = (fetchFn: typeof fetch, timeoutMs = 1000) => new WebhookChannel({ url: 'http://merchant.test/notify', secret, timeoutMs, attempts: 3, backoffMs: 1, fetch: fetchFn });

describe('signed outbound webhook channel', () => {
  it('signs per Standard Webhooks with the notification id as webhook-id (verified by the reference library)', async () => {
    // Prepare
    const { calls, fetchFn } = scripted([204]);
    // Act
    const res = await channel(fetchFn).send(n, rendered);
    // Assess
    expect(res).toEqual({ ok: true, detail: 'webhook 204' });
    const { headers, body } = calls[0]!;
    expect(headers['webhook-id']).toBe('ntf_abc');
    expect(() => new Webhook(secret).verify(body, headers)).not.toThrow();
    expect(JSON.parse(body)).toMatchObject({ type: 'notification.delay_warning', data: { notificationId: 'ntf_abc', orderId: 'O1', subject: 's', text: 't' } });
  });

  it('retries 5xx, 429 and network errors with backoff, keeping the same webhook-id', async () => {
    const { calls, fetchFn } = scripted([503, 'refuse', 200]);
    expect((await channel(fetchFn).send(n, rendered)).ok).toBe(true);
    expect(calls.map((c) => c.headers['webhook-id'])).toEqual(['ntf_abc', 'ntf_abc', 'ntf_abc']);
  });

  it('gives up on a 4xx at once, and after the attempts on persistent failures (retryable)', async () => {
    const bad = scripted([400]);
    expect(await channel(bad.fetchFn).send(n, rendered)).toEqual({ ok: false, retryable: false, detail: 'webhook answered 400' });
    expect(bad.calls).toHaveLength(1);
    const down = scripted([500]);
    expect(await channel(down.fetchFn).send(n, rendered)).toMatchObject({ ok: false, retryable: true });
    expect(down.calls).toHaveLength(3);
  });

  it('times out a receiver that never answers', async () => {
    const { fetchFn } = scripted(['hang']);
    const res = await channel(fetchFn, 30).send(n, rendered);
    expect(res).toMatchObject({ ok: false, retryable: true });
    expect(res.detail).toMatch(/timed out after 30 ms/);
    expect(JSON.stringify(res)).not.toContain('13812345678');
  });
});
