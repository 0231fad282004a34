import { describe, expect, it } from 'vitest';
import { dingtalkSign, renderDingtalk } from '../../../lib/notifications/robots/dingtalk.ts';
import { feishuSign, renderFeishu } from '../../../lib/notifications/robots/feishu.ts';
import { renderSlack } from '../../../lib/notifications/robots/slack.ts';
import { renderWecom } from '../../../lib/notifications/robots/wecom.ts';
import { truncateBytes } from '../../../lib/notifications/robots/robot.ts';
import { alertText, formatTime, teamAlertSchema, type TeamAlert } from '../../../lib/notifications/robots/team-alert.ts';
import { alerts } from './alert-fixtures.ts';
import { teamAlertDedupKey, teamAlertMessages, teamAlertMessageSchema } from '../../../lib/notifications/robots/team-alert-delivery.ts';

describe('team alert text', () => {
  it('names the order (or SKU) and the facts each kind needs, in zh-CN and en', () => {
    const zh = (k: TeamAlert['kind']) => JSON.stringify(alertText(alerts[k], 'zh-CN'));
    const en = (k: TeamAlert['kind']) => JSON.stringify(alertText(alerts[k], 'en'));
    // urgent: the call-by time, in China time for a zh-CN team and UTC otherwise
    expect(zh('urgent_complaint')).toContain('SO-URG-1');
    expect(zh('urgent_complaint')).toContain('2026-12-01 18:15（北京时间）');
    expect(en('urgent_complaint')).toContain('Call the customer by');
    expect(en('urgent_complaint')).toContain('2026-12-01 10:15 UTC');
    expect(en('urgent_complaint')).toContain('2199.00 CNY');
    // breach: which clock, which order
    expect(zh('sla_breach')).toContain('首次响应超时');
    expect(en('sla_breach')).toContain('first response overdue');
    expect(en('sla_breach')).toContain('SO-SLA-2');
    // stall: carrier, hours, batch size
    expect(en('stall')).toContain('sf-express SF300');
    expect(en('stall')).toContain('no update for 49 h');
    expect(zh('stall')).toContain('49 小时');
    expect(zh('stall')).toMatch(/同批待送达订单.*20/);
    // quality: the SKU, count and window
    expect(zh('quality')).toContain('【质量预警】SKU DRESS-RED-M 7 天内 3 起投诉');
    expect(en('quality')).toContain('LOT-7');
  });

  it('rejects an alert without what it must name', () => {
    expect(teamAlertSchema.safeParse({ ...alerts.stall, orderId: undefined }).success).toBe(false);
    expect(teamAlertSchema.safeParse({ ...alerts.urgent_complaint, callBy: undefined }).success).toBe(false);
  });

  it('formats an unparsable time as given rather than inventing one', () => {
    expect(formatTime('soon', 'en')).toBe('soon');
  });
});

describe('robot message formats (documented shapes)', () => {
  it('WeCom: markdown msgtype with the content', () => {
    const body = renderWecom(alerts.stall, 'zh-CN');
    expect(Object.keys(body).sort()).toEqual(['markdown', 'msgtype']);
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.content).toContain('SO-STALL-3');
  });

  it('WeCom: content cut to 4096 bytes of UTF-8 without splitting a character', () => {
    const long = { ...alerts.urgent_complaint, reason: '严'.repeat(200), orderId: '单'.repeat(1500) };
    const content = renderWecom(long, 'zh-CN').markdown.content;
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(4096);
    expect(content).not.toContain('\uFFFD');
    expect(truncateBytes('ab', 10)).toBe('ab');
  });

  it('DingTalk: markdown with title and text, and an at block', () => {
    const body = renderDingtalk(alerts.sla_breach, 'en');
    expect(body).toMatchObject({ msgtype: 'markdown', markdown: { title: expect.stringContaining('SO-SLA-2') }, at: { atMobiles: [], isAtAll: false } });
    expect(body.markdown.text).toContain('first response');
  });

  it('Feishu: interactive card with a header and a lark_md block', () => {
    const body = renderFeishu(alerts.urgent_complaint, 'zh-CN');
    expect(body.msg_type).toBe('interactive');
    expect(body.card.header).toMatchObject({ template: 'red', title: { tag: 'plain_text', content: expect.stringContaining('SO-URG-1') } });
    expect(body.card.elements[0]).toMatchObject({ tag: 'div', text: { tag: 'lark_md' } });
  });

  it('Slack: text fallback plus header and section blocks, mrkdwn escaped', () => {
    const body = renderSlack({ ...alerts.quality, sku: 'A<B>&C' }, 'en');
    expect(body.text).toContain('A<B>&C');
    expect(body.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    expect(JSON.stringify(body.blocks[1])).toContain('A&lt;B&gt;&amp;C');
  });
});

describe('robot signatures (vectors from the providers\' sample code)', () => {
  it('DingTalk 加签: base64 HMAC-SHA256(secret, timestamp\\nsecret), ms timestamp', () => {
    // Computed with DingTalk's Python sample: hmac.new(secret, f"{ts}\n{secret}", sha256)
    expect(dingtalkSign('SEC0123456789abcdef', 1700000000000)).toBe('TSZbRFUuvaSQaRKUpF970OPCb2/LcQAP3wOvwZIzBZk=');
  });

  it('Feishu 签名校验: base64 HMAC-SHA256(key = timestamp\\nsecret, empty message), s timestamp', () => {
    // Computed with Feishu's Python sample: hmac.new(f"{ts}\n{secret}".encode(), digestmod=sha256)
    expect(feishuSign('feishu-secret-xyz', 1700000000)).toBe('RpXbw7bncheMXKEHLeETmnhcqsBrZOUBOwyPTuLV4ic=');
  });
});

describe('team alert queue messages and dedup', () => {
  it('one message per robot, each with its own dedup key', () => {
    const msgs = teamAlertMessages(alerts.stall, [{ name: 'wecom' }, { name: 'slack' }]);
    expect(msgs.map((m) => m.dedupKey)).toEqual(['wecom:alr_3', 'slack:alr_3']);
    for (const m of msgs) expect(teamAlertMessageSchema.parse(JSON.parse(JSON.stringify(m.message)))).toEqual(m.message);
  });

  it('keys are stable, differ per robot and alert, and fit an SQS deduplication id', () => {
    expect(teamAlertDedupKey('a', 'wecom')).toBe(teamAlertDedupKey('a', 'wecom'));
    expect(teamAlertDedupKey('a', 'wecom')).not.toBe(teamAlertDedupKey('a', 'dingtalk'));
    expect(teamAlertDedupKey('a', 'wecom')).not.toBe(teamAlertDedupKey('b', 'wecom'));
    const long = teamAlertDedupKey('x'.repeat(300), 'feishu');
    expect(long.length).toBeLessThanOrEqual(128);
    expect(teamAlertDedupKey('订单 1', 'slack')).toMatch(/^slack:sha256:[0-9a-f]{64}$/);
  });
});
