import { alertText, type TeamAlert } from './team-alert.ts';
import { parseJson, postJson, retryableStatus, RobotSendError, truncateBytes, type RobotOptions, type TeamRobot } from './robot.ts';

/**
 * WeCom group robot (企业微信群机器人), https://developer.work.weixin.qq.com/document/path/91770:
 * `POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=<KEY>`, the key in the URL is the
 * only credential (no signing). Markdown message: `{"msgtype":"markdown","markdown":{"content":...}}`,
 * content ≤ 4096 bytes UTF-8. The answer is HTTP 200 even on errors: `errcode` 0 is success.
 */
const MAX_MARKDOWN_BYTES = 4096;

/**
 * errcode 45009: api freq out of limit (about 20 messages/min per robot); -1: system busy. Both
 * "later". 93000 (invalid webhook url / robot removed), 40008 (invalid message type), 44004
 * (empty content) and the rest are configuration or payload problems.
 */
const RETRYABLE_ERRCODES = new Set([45009, -1]);

export function renderWecom(a: TeamAlert, locale: RobotOptions['locale']) {
  const t = alertText(a, locale);
  // WeCom markdown: `<font color="warning|info|comment">`, `**bold**`, `> quote`, `[text](url)`.
  const color = t.severity === 'critical' ? 'warning' : 'comment';
  const lines = [`## <font color="${color}">${t.title}</font>`, ...t.fields.map((f) => `> ${f.label}：**${f.value}**`)];
  if (t.link) lines.push(`[${locale === 'zh-CN' ? '查看详情' : 'Open'}](${t.link})`);
  return { msgtype: 'markdown' as const, markdown: { content: truncateBytes(lines.join('\n'), MAX_MARKDOWN_BYTES) } };
}

export class WecomRobot implements TeamRobot {
  readonly name = 'wecom' as const;
  constructor(private readonly o: RobotOptions) {}

  render(a: TeamAlert) {
    return renderWecom(a, this.o.locale);
  }

  async send(a: TeamAlert): Promise<{ detail: string }> {
    const res = await postJson(this.name, this.o, this.o.url, this.render(a));
    if (res.status !== 200) throw new RobotSendError(this.name, retryableStatus(res.status), `HTTP ${res.status}`);
    const body = parseJson(res.text);
    const errcode = typeof body?.errcode === 'number' ? body.errcode : undefined;
    if (errcode === 0) return { detail: 'wecom ok' };
    if (errcode === undefined) throw new RobotSendError(this.name, true, 'answer without errcode');
    throw new RobotSendError(this.name, RETRYABLE_ERRCODES.has(errcode), `errcode ${errcode}`);
  }
}
