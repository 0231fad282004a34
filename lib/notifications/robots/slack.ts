import { alertText, type TeamAlert } from './team-alert.ts';
import { postJson, retryableStatus, RobotSendError, type RobotOptions, type TeamRobot } from './robot.ts';

/**
 * Slack incoming webhook, https://api.slack.com/messaging/webhooks: `POST` JSON to the webhook
 * URL (the URL is the credential). `text` is the notification fallback, `blocks` the Block Kit
 * layout. Success is HTTP 200 with the body `ok`; errors are HTTP statuses with a short text
 * (400 invalid_payload / no_text, 403 action_prohibited, 404 channel_not_found / no_service,
 * 410 channel_is_archived); rate limiting (about 1 message/s) is 429 with `Retry-After`.
 */

/** Slack mrkdwn: `&`, `<`, `>` must be escaped (Formatting text → Escaping text). */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderSlack(a: TeamAlert, locale: RobotOptions['locale']) {
  const t = alertText(a, locale);
  const fields = t.fields.map((f) => `*${esc(f.label)}:* ${esc(f.value)}`).join('\n');
  const blocks: unknown[] = [
    // Header blocks take plain_text of at most 150 characters.
    { type: 'header', text: { type: 'plain_text', text: `${t.severity === 'critical' ? ':rotating_light: ' : ':warning: '}${t.title}`.slice(0, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: fields.slice(0, 3000) } },
  ];
  if (t.link) blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: locale === 'zh-CN' ? '查看详情' : 'Open' }, url: t.link }] });
  return { text: `${t.title}\n${t.fields.map((f) => `${f.label}: ${f.value}`).join('\n')}`, blocks };
}

export class SlackRobot implements TeamRobot {
  readonly name = 'slack' as const;
  constructor(private readonly o: RobotOptions) {}

  render(a: TeamAlert) {
    return renderSlack(a, this.o.locale);
  }

  async send(a: TeamAlert): Promise<{ detail: string }> {
    const res = await postJson(this.name, this.o, this.o.url, this.render(a));
    if (res.status === 200) return { detail: 'slack ok' };
    const retryAfter = Number(res.headers.get('retry-after'));
    // Slack's error texts are fixed codes (`invalid_payload`); keep a short, code-like one only.
    const code = /^[a-z_]{1,40}$/.test(res.text.trim()) ? ` ${res.text.trim()}` : '';
    throw new RobotSendError(this.name, retryableStatus(res.status), `HTTP ${res.status}${code}`, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
  }
}
