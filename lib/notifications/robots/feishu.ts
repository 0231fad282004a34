import { createHmac } from 'node:crypto';
import { alertText, type TeamAlert } from './team-alert.ts';
import { parseJson, postJson, retryableStatus, RobotSendError, type RobotOptions, type TeamRobot } from './robot.ts';

/**
 * Feishu / Lark custom bot (飞书自定义机器人) with 签名校验,
 * https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot:
 *   sign = base64(HmacSHA256(key = timestamp + "\n" + secret, message = ""))
 * (the string is the KEY and the message is empty: not DingTalk's order), `timestamp` in SECONDS,
 * within 1 h; both go in the JSON body next to the message:
 * `{"timestamp":"<s>","sign":"...","msg_type":"interactive","card":{...}}`.
 * Success: `{"code":0,"msg":"success"}`; 19021 = sign mismatch or stale timestamp.
 */
export function feishuSign(secret: string, timestampS: number): string {
  return createHmac('sha256', `${timestampS}\n${secret}`).update('').digest('base64');
}

/**
 * 11232 (frequency limited: 100/min, 5/s per bot) and 9499 with HTTP 429/5xx are "later".
 * 19021 (sign), 19022 (IP not allowed), 19024 (keyword not found), 19001 (param invalid) and
 * 9499 (bad request) are configuration or payload problems.
 */
const RETRYABLE_CODES = new Set([11232]);

export function renderFeishu(a: TeamAlert, locale: RobotOptions['locale']) {
  const t = alertText(a, locale);
  const md = t.fields.map((f) => `**${f.label}**：${f.value}`).join('\n');
  // Message card (v1 JSON): a coloured header and one lark_md block; the link as a button.
  const elements: unknown[] = [{ tag: 'div', text: { tag: 'lark_md', content: md } }];
  if (t.link) {
    elements.push({ tag: 'action', actions: [{ tag: 'button', text: { tag: 'plain_text', content: locale === 'zh-CN' ? '查看详情' : 'Open' }, type: 'primary', url: t.link }] });
  }
  return {
    msg_type: 'interactive' as const,
    card: {
      config: { wide_screen_mode: true },
      header: { template: t.severity === 'critical' ? 'red' : 'orange', title: { tag: 'plain_text', content: t.title } },
      elements,
    },
  };
}

export class FeishuRobot implements TeamRobot {
  readonly name = 'feishu' as const;
  constructor(private readonly o: RobotOptions & { secret: string }) {}

  render(a: TeamAlert) {
    return renderFeishu(a, this.o.locale);
  }

  /** The body as sent: the message with this request's timestamp and sign. */
  signedBody(a: TeamAlert, now: Date) {
    const ts = Math.floor(now.getTime() / 1000);
    return { timestamp: String(ts), sign: feishuSign(this.o.secret, ts), ...this.render(a) };
  }

  async send(a: TeamAlert): Promise<{ detail: string }> {
    const res = await postJson(this.name, this.o, this.o.url, this.signedBody(a, (this.o.now ?? (() => new Date()))()));
    const body = parseJson(res.text);
    const code = typeof body?.code === 'number' ? body.code : typeof body?.StatusCode === 'number' ? body.StatusCode : undefined;
    if (res.status === 200 && code === 0) return { detail: 'feishu ok' };
    if (res.status !== 200 && code === undefined) throw new RobotSendError(this.name, retryableStatus(res.status), `HTTP ${res.status}`);
    if (code === undefined) throw new RobotSendError(this.name, true, 'answer without code');
    throw new RobotSendError(this.name, RETRYABLE_CODES.has(code) || retryableStatus(res.status), `code ${code}`);
  }
}
