import { createHmac } from 'node:crypto';
import { alertText, type TeamAlert } from './team-alert.ts';
import { parseJson, postJson, retryableStatus, RobotSendError, type RobotOptions, type TeamRobot } from './robot.ts';

/**
 * DingTalk custom robot (钉钉自定义机器人) in 加签 mode,
 * https://open.dingtalk.com/document/robots/customize-robot-security-settings:
 *   sign = urlEncode(base64(HmacSHA256(key = secret, message = timestamp + "\n" + secret)))
 * with `timestamp` in milliseconds (within 1 h of DingTalk's clock), both appended to the webhook
 * URL: `...robot/send?access_token=<T>&timestamp=<ms>&sign=<S>`. Markdown message:
 * `{"msgtype":"markdown","markdown":{"title","text"},"at":{"atMobiles":[],"isAtAll":false}}`.
 * The answer is HTTP 200 with `errcode` 0 on success.
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/**
 * errcode 130101 ("send too fast, exceed 20 times per minute": the robot is throttled for 10 min)
 * and 410100 (发送速度太快而限流) are "later"; -1 is "system busy". 310000 (sign not match,
 * keywords not in content, IP not in whitelist), 300001 (token missing) and 400013 (group dissolved)
 * are configuration.
 */
const RETRYABLE_ERRCODES = new Set([130101, 410100, -1]);

export function renderDingtalk(a: TeamAlert, locale: RobotOptions['locale']) {
  const t = alertText(a, locale);
  const lines = [`### ${t.title}`, '', ...t.fields.map((f) => `- ${f.label}：**${f.value}**`)];
  if (t.link) lines.push('', `[${locale === 'zh-CN' ? '查看详情' : 'Open'}](${t.link})`);
  // `title` is what the chat list and the push notification show.
  return { msgtype: 'markdown' as const, markdown: { title: t.title, text: lines.join('\n') }, at: { atMobiles: [] as string[], isAtAll: false } };
}

export class DingtalkRobot implements TeamRobot {
  readonly name = 'dingtalk' as const;
  constructor(private readonly o: RobotOptions & { secret: string }) {}

  render(a: TeamAlert) {
    return renderDingtalk(a, this.o.locale);
  }

  /** The webhook URL with this request's timestamp and sign (URL-encoded by URLSearchParams). */
  signedUrl(now: Date): string {
    const ts = now.getTime();
    const u = new URL(this.o.url);
    u.searchParams.set('timestamp', String(ts));
    u.searchParams.set('sign', dingtalkSign(this.o.secret, ts));
    return u.toString();
  }

  async send(a: TeamAlert): Promise<{ detail: string }> {
    const res = await postJson(this.name, this.o, this.signedUrl((this.o.now ?? (() => new Date()))()), this.render(a));
    if (res.status !== 200) throw new RobotSendError(this.name, retryableStatus(res.status), `HTTP ${res.status}`);
    const body = parseJson(res.text);
    const errcode = typeof body?.errcode === 'number' ? body.errcode : undefined;
    if (errcode === 0) return { detail: 'dingtalk ok' };
    if (errcode === undefined) throw new RobotSendError(this.name, true, 'answer without errcode');
    throw new RobotSendError(this.name, RETRYABLE_ERRCODES.has(errcode), `errcode ${errcode}`);
  }
}
