import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standardSigner } from '../../events/signers/standard.ts';
import { post } from '../helpers/deliveries.ts';
import { eventually, startTestService } from '../helpers/service.ts';
import { hoursAgo } from '../helpers/stall-factories.ts';
import { startLocalEndpoint } from './notifications/local-endpoint.ts';

/**
 * The team hears at once (issue 17): an urgent complaint opened through a webhook and a stall the
 * scan opens each reach the configured robots (Slack and WeCom receivers here, answering as they
 * document) through the notify queue, once each, naming the order; unconfigured robots are skipped.
 */
let slack: Awaited<ReturnType<typeof startLocalEndpoint>>;
let wecom: Awaited<ReturnType<typeof startLocalEndpoint>>;
let svc: Awaited<ReturnType<typeof startTestService>>;

beforeAll(async () => {
  slack = await startLocalEndpoint(() => ({ status: 200, body: 'ok' }));
  wecom = await startLocalEndpoint(() => ({ status: 200, body: { errcode: 0, errmsg: 'ok' } }));
  svc = await startTestService({
    env: { ALERT_SLACK_URL: `${slack.url}/services/T0/B0/X0`, ALERT_WECOM_URL: `${wecom.url}/cgi-bin/webhook/send?key=local-key`, ALERT_LOCALE: 'en' },
    roles: { scanner: false },
  });
});
afterAll(async () => {
  await svc?.stop();
  await Promise.all([slack?.stop(), wecom?.stop()]);
});

const send = (body: unknown) => {
  const d = standardSigner.sign(Buffer.from(JSON.stringify(body)));
  return post(svc.url, 'standard', d);
};

describe('team alerts', () => {
  it('an urgent complaint reaches every configured robot once, with its call-by time and order', async () => {
    const at = new Date().toISOString();
    const res = await send({ type: 'aftersale.requested', timestamp: at, data: { orderId: 'TEAM-URGENT-1', requestId: 'R1', type: 'refund_only', reason: '充电器漏电 electrical leakage' } });
    expect(res.status).toBe(200);
    await eventually(async () => slack.requests.length >= 1 && wecom.requests.length >= 1, 'both robots called');
    const text = slack.requests[0]!.body;
    expect(text).toContain('TEAM-URGENT-1');
    expect(JSON.parse(wecom.requests[0]!.body).msgtype).toBe('markdown');
    expect(wecom.requests[0]!.body).toContain('TEAM-URGENT-1');
    // the same delivery again (a provider retry): no second message to any robot
    await send({ type: 'aftersale.requested', timestamp: at, data: { orderId: 'TEAM-URGENT-1', requestId: 'R1', type: 'refund_only', reason: '充电器漏电 electrical leakage' } });
    const before = slack.requests.length;
    await eventually(async () => (await svc.parts.complaints.list({ orderId: 'TEAM-URGENT-1' }, 5)).items.length === 1 || undefined, 'complaint stored');
    expect(slack.requests.filter((r) => r.body.includes('TEAM-URGENT-1'))).toHaveLength(before);
  });

  it('a stall the scan opens reaches the robots with carrier, hours and batch size; a rerun stays silent', async () => {
    const old = hoursAgo(50);
    for (let i = 0; i < 3; i++) {
      const res = await send({ type: 'order.shipped', timestamp: old, data: { orderId: `TEAM-STALL-${i}`, carrier: 'sf-express', trackingNumber: `SFTEAM${i}`, shippedAt: old, batchId: 'B-TEAM', customer: { phone: '+8613800000001' }, items: [] } });
      expect(res.status).toBe(200);
    }
    await eventually(async () => (await svc.parts.stall.shipments.get('SFTEAM2')) !== undefined, 'shipments stored');
    const r = await svc.parts.stallScan.run();
    expect(r.alertsOpened).toBe(3);
    const stallMessages = () => slack.requests.filter((q) => q.body.includes('sf-express'));
    await eventually(async () => stallMessages().length === 3, 'three stall alerts at Slack');
    expect(stallMessages()[0]!.body).toMatch(/TEAM-STALL-\d/);
    await svc.parts.stallScan.run();
    await new Promise((res) => setTimeout(res, 1500)); // a negative: nothing further may arrive
    expect(stallMessages()).toHaveLength(3);
  });
});
