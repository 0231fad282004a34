import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { ensureTable } from '../../../lib/local/bootstrap.ts';
import { createLogger } from '../../../lib/platform/logger.ts';
import { loadConfig } from '../../../lib/platform/config.ts';
import { createTeamRobots } from '../../../lib/notifications/notification-channels.ts';
import { createNotifyHandler } from '../../../lib/notifications/notify-handler.ts';
import { loadNotifyConfig } from '../../../lib/notifications/notify-config.ts';
import { RobotSendError, type TeamRobot } from '../../../lib/notifications/robots/robot.ts';
import { deliverTeamAlert, MemoryTeamAlertLedger, sendTeamAlertToAll, teamAlertMessages } from '../../../lib/notifications/robots/team-alert-delivery.ts';
import { DynamoTeamAlertLedger } from '../../../lib/notifications/robots/team-alert-ledger.ts';
import type { TeamAlert } from '../../../lib/notifications/robots/team-alert.ts';
import { alerts } from '../../unit/notifications/alert-fixtures.ts';
import { uniqueName } from '../../helpers/service.ts';
import { startLocalEndpoint, type Answer, type RecordedRequest } from './local-endpoint.ts';

/**
 * Issue 17, team alerts: each robot's local receiver checks the request the way the provider
 * does (path and key, signature, timestamp window, message shape) and answers with the
 * provider's documented success or error bodies. Every setting the robots read is given here.
 */
const WECOM_KEY = 'wecom-key-0b7c';
const DING_TOKEN = 'ding-token-5e1f';
const DING_SECRET = 'SECding0123456789';
const FEISHU_HOOK = 'feishu-hook-9a2d';
const FEISHU_SECRET = 'feishu-secret-4c8b';
const SLACK_PATH = '/services/T0001/B0002/slackpart3';
const HOUR_MS = 3600_000;

const hmacB64 = (key: string, msg: string) => createHmac('sha256', key).update(msg, 'utf8').digest('base64');
const json = (r: RecordedRequest) => JSON.parse(r.body) as Record<string, any>;
const isJson = (r: RecordedRequest) => String(r.headers['content-type']).startsWith('application/json');

/** What each provider answers to a well-formed, correctly signed request (documented success bodies). */
function wecomAnswer(r: RecordedRequest): Answer {
  const u = new URL(r.url, 'http://x');
  if (u.pathname !== '/cgi-bin/webhook/send' || u.searchParams.get('key') !== WECOM_KEY) return { status: 200, body: { errcode: 93000, errmsg: 'invalid webhook url' } };
  const b = json(r);
  if (!isJson(r) || b.msgtype !== 'markdown' || typeof b.markdown?.content !== 'string' || Buffer.byteLength(b.markdown.content) > 4096) return { status: 200, body: { errcode: 40008, errmsg: 'invalid message type' } };
  return { status: 200, body: { errcode: 0, errmsg: 'ok' } };
}

function dingtalkAnswer(r: RecordedRequest, secret = DING_SECRET): Answer {
  const u = new URL(r.url, 'http://x');
  if (u.pathname !== '/robot/send' || u.searchParams.get('access_token') !== DING_TOKEN) return { status: 200, body: { errcode: 300001, errmsg: 'token is not exist' } };
  const ts = Number(u.searchParams.get('timestamp'));
  // The sign must arrive URL-encoded: base64's + / = never appear raw in the query.
  const rawSign = /[?&]sign=([^&]*)/.exec(r.url)?.[1] ?? '';
  const okSign = !/[+/=]/.test(rawSign) && u.searchParams.get('sign') === hmacB64(secret, `${ts}\n${secret}`);
  if (!okSign || Math.abs(Date.now() - ts) > HOUR_MS) return { status: 200, body: { errcode: 310000, errmsg: 'sign not match' } };
  const b = json(r);
  if (b.msgtype !== 'markdown' || typeof b.markdown?.title !== 'string' || typeof b.markdown?.text !== 'string') return { status: 200, body: { errcode: 40035, errmsg: '缺少参数 json' } };
  return { status: 200, body: { errcode: 0, errmsg: 'ok' } };
}

function feishuAnswer(r: RecordedRequest, secret = FEISHU_SECRET): Answer {
  if (r.url !== `/open-apis/bot/v2/hook/${FEISHU_HOOK}`) return { status: 404, body: { code: 19001, msg: 'param invalid: incoming webhook access token invalid' } };
  const b = json(r);
  const ts = Number(b.timestamp);
  const okSign = typeof b.timestamp === 'string' && b.sign === createHmac('sha256', `${ts}\n${secret}`).update('').digest('base64');
  if (!okSign || Math.abs(Date.now() / 1000 - ts) > 3600) return { status: 200, body: { code: 19021, data: {}, msg: 'sign match fail or timestamp is not within one hour from current time' } };
  if (b.msg_type !== 'interactive' || !b.card?.header?.title?.content || !Array.isArray(b.card?.elements)) return { status: 400, body: { code: 9499, data: {}, msg: 'Bad Request' } };
  return { status: 200, body: { code: 0, data: {}, msg: 'success' } };
}

function slackAnswer(r: RecordedRequest): Answer {
  if (r.url !== SLACK_PATH) return { status: 404, body: 'no_service' };
  const b = isJson(r) ? json(r) : {};
  if (typeof b.text !== 'string' || !Array.isArray(b.blocks) || b.blocks.some((x: any) => typeof x?.type !== 'string')) return { status: 400, body: 'invalid_payload' };
  return { status: 200, body: 'ok' };
}

type Script = { wecom?: Answer; dingtalk?: Answer; feishu?: Answer; slack?: Answer };
/** Per-test overrides of the documented answers (rate limits, outages). */
let script: Script = {};
const endpoint = (robot: keyof Script, verify: (r: RecordedRequest) => Answer) => startLocalEndpoint((r) => script[robot] ?? verify(r));
let wecom: Awaited<ReturnType<typeof startLocalEndpoint>>;
let ding: typeof wecom;
let feishu: typeof wecom;
let slack: typeof wecom;

const env = (over: Record<string, string> = {}) => ({
  ALERT_WECOM_URL: `${wecom.url}/cgi-bin/webhook/send?key=${WECOM_KEY}`,
  ALERT_DINGTALK_URL: `${ding.url}/robot/send?access_token=${DING_TOKEN}`,
  ALERT_DINGTALK_SECRET: DING_SECRET,
  ALERT_FEISHU_URL: `${feishu.url}/open-apis/bot/v2/hook/${FEISHU_HOOK}`,
  ALERT_FEISHU_SECRET: FEISHU_SECRET,
  ALERT_SLACK_URL: `${slack.url}${SLACK_PATH}`,
  ALERT_TIMEOUT_MS: '2000',
  ALERT_LOCALE: 'zh-CN',
  DEFAULT_LOCALE: 'zh-CN',
  ...over,
});
const robotsFor = (over: Record<string, string> = {}, now?: () => Date) => createTeamRobots(loadNotifyConfig(env(over)), undefined, now);
const byName = (robots: TeamRobot[], name: TeamRobot['name']) => robots.find((r) => r.name === name)!;
const credentialParts = [WECOM_KEY, DING_TOKEN, DING_SECRET, FEISHU_HOOK, FEISHU_SECRET, 'slackpart3'];

beforeAll(async () => {
  [wecom, ding, feishu, slack] = await Promise.all([endpoint('wecom', wecomAnswer), endpoint('dingtalk', (r) => dingtalkAnswer(r)), endpoint('feishu', (r) => feishuAnswer(r)), endpoint('slack', slackAnswer)]);
});
afterAll(async () => Promise.all([wecom, ding, feishu, slack].map((e) => e?.stop())));
afterEach(() => {
  script = {};
  for (const e of [wecom, ding, feishu, slack]) e.requests.length = 0;
});

describe('team alert robots against receivers that verify like the providers', () => {
  it('every configured robot takes all four alert kinds, signed and in its documented format', async () => {
    const robots = robotsFor();
    expect(robots.map((r) => r.name)).toEqual(['wecom', 'dingtalk', 'feishu', 'slack']);
    for (const alert of Object.values(alerts) as TeamAlert[]) {
      const results = await sendTeamAlertToAll(alert, robots);
      expect(results).toEqual(robots.map((r) => ({ robot: r.name, ok: true, detail: `${r.name} ok` })));
    }
    for (const e of [wecom, ding, feishu, slack]) expect(e.requests).toHaveLength(4);
    // Each names the order or the SKU, in the team's language.
    expect(json(wecom.requests[0]!).markdown.content).toContain('SO-URG-1');
    expect(json(ding.requests[1]!).markdown.text).toContain('SO-SLA-2');
    expect(json(feishu.requests[2]!).card.header.title.content).toContain('【物流停滞】订单 SO-STALL-3');
    expect(json(slack.requests[3]!).text).toContain('DRESS-RED-M');
    expect(json(wecom.requests[0]!).markdown.content).toContain('（北京时间）');
  });

  it('a wrong signing secret is refused by the receiver (DingTalk 310000, Feishu 19021): not retryable, no secret in the error', async () => {
    const robots = robotsFor({ ALERT_DINGTALK_SECRET: 'SECwrong-one', ALERT_FEISHU_SECRET: 'wrong-feishu' });
    for (const [name, code] of [['dingtalk', 'errcode 310000'], ['feishu', 'code 19021']] as const) {
      const err = await byName(robots, name).send(alerts.stall).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RobotSendError);
      expect(err).toMatchObject({ robot: name, retryable: false, message: `${name}: ${code}` });
      for (const part of [...credentialParts, 'SECwrong-one', 'wrong-feishu', '127.0.0.1']) expect(String((err as Error).message)).not.toContain(part);
    }
  });

  it('a timestamp outside the providers\' 1 h window is refused', async () => {
    const robots = robotsFor({}, () => new Date(Date.now() - 2 * HOUR_MS));
    await expect(byName(robots, 'dingtalk').send(alerts.quality)).rejects.toMatchObject({ message: 'dingtalk: errcode 310000' });
    await expect(byName(robots, 'feishu').send(alerts.quality)).rejects.toMatchObject({ message: 'feishu: code 19021' });
  });

  it('rate limits, busy answers, 5xx, timeouts and unreachable robots are retryable errors', async () => {
    const robots = robotsFor({ ALERT_TIMEOUT_MS: '200' });
    const cases: [keyof Script, Answer, string][] = [
      ['wecom', { status: 200, body: { errcode: 45009, errmsg: 'api freq out of limit' } }, 'wecom: errcode 45009'],
      ['dingtalk', { status: 200, body: { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' } }, 'dingtalk: errcode 130101'],
      ['feishu', { status: 200, body: { code: 11232, data: {}, msg: 'frequency limited' } }, 'feishu: code 11232'],
      ['slack', { status: 429, headers: { 'retry-after': '30' }, body: 'rate_limited' }, 'slack: HTTP 429 rate_limited'],
      ['wecom', { status: 502, body: 'Bad Gateway' }, 'wecom: HTTP 502'],
      ['slack', 'hang', 'slack: timed out after 200 ms'],
    ];
    for (const [robot, answer, message] of cases) {
      script = { [robot]: answer };
      const err = await byName(robots, robot).send(alerts.urgent_complaint).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'RobotSendError', robot, retryable: true, message });
    }
    // Back to normal, the same robot sends again.
    script = {};
    expect(await byName(robots, 'slack').send(alerts.urgent_complaint)).toEqual({ detail: 'slack ok' });
    script = { slack: { status: 429, headers: { 'retry-after': '30' }, body: 'rate_limited' } };
    await expect(byName(robots, 'slack').send(alerts.stall)).rejects.toMatchObject({ retryAfterSeconds: 30 });

    const gone = robotsFor({ ALERT_WECOM_URL: `http://127.0.0.1:9/cgi-bin/webhook/send?key=${WECOM_KEY}` });
    const err = await byName(gone, 'wecom').send(alerts.stall).catch((e: unknown) => e);
    expect(err).toMatchObject({ retryable: true, message: 'wecom: unreachable' });
    expect(String((err as Error).message)).not.toContain(WECOM_KEY);
  });

  it('a configuration problem on the provider\'s side is not retryable (Slack 404 no_service, WeCom 93000)', async () => {
    const robots = robotsFor({ ALERT_SLACK_URL: `${slack.url}/services/T0001/B0002/revoked`, ALERT_WECOM_URL: `${wecom.url}/cgi-bin/webhook/send?key=removed` });
    await expect(byName(robots, 'slack').send(alerts.stall)).rejects.toMatchObject({ retryable: false, message: 'slack: HTTP 404 no_service' });
    await expect(byName(robots, 'wecom').send(alerts.stall)).rejects.toMatchObject({ retryable: false, message: 'wecom: errcode 93000' });
  });

  it('one robot hanging and one down never hold back the others', async () => {
    const robots = robotsFor({ ALERT_TIMEOUT_MS: '300' });
    script = { slack: 'hang', wecom: { status: 503, body: '' } };
    const started = Date.now();
    const results = await sendTeamAlertToAll(alerts.stall, robots);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(results).toEqual([
      { robot: 'wecom', ok: false, retryable: true, error: 'wecom: HTTP 503' },
      { robot: 'dingtalk', ok: true, detail: 'dingtalk ok' },
      { robot: 'feishu', ok: true, detail: 'feishu ok' },
      { robot: 'slack', ok: false, retryable: true, error: 'slack: timed out after 300 ms' },
    ]);
  });
});

describe('team alerts through the notify queue handler', () => {
  const sqsEvent = (bodies: string[]): SQSEvent => ({
    Records: bodies.map((body, i) => ({
      messageId: `m${i}`, receiptHandle: `r${i}`, body, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:notify', awsRegion: 'us-east-1',
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' }, messageAttributes: {},
    })),
  });
  const config = loadConfig({ LOG_LEVEL: 'SILENT' });
  const logger = createLogger({ serviceName: 'test', level: 'SILENT' });
  const handlerWith = (robots: TeamRobot[], ledger = new MemoryTeamAlertLedger()) =>
    createNotifyHandler({ notifications: {} as never, shipments: {} as never, channels: {}, config, logger, now: () => new Date() }, { teamAlerts: { robots, ledger, now: () => new Date() } });

  it('one message per robot: the failing robot alone is reported for redelivery, and a redelivery sends nothing twice', async () => {
    const robots = robotsFor();
    const ledger = new MemoryTeamAlertLedger();
    const handler = handlerWith(robots, ledger);
    const bodies = teamAlertMessages(alerts.urgent_complaint, robots).map((m) => JSON.stringify(m.message));
    script = { feishu: { status: 200, body: { code: 11232, data: {}, msg: 'frequency limited' } } };

    const first = await handler(sqsEvent(bodies));
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }]);
    expect([wecom, ding, feishu, slack].map((e) => e.requests.length)).toEqual([1, 1, 1, 1]);

    // SQS redelivers the whole batch (a duplicate of each) once Feishu is back: only Feishu is sent again.
    script = {};
    const second = await handler(sqsEvent(bodies));
    expect(second.batchItemFailures).toEqual([]);
    expect([wecom, ding, feishu, slack].map((e) => e.requests.length)).toEqual([1, 1, 2, 1]);
    expect([...ledger.sent.keys()].sort()).toEqual(['dingtalk:cmp_1:urgent', 'feishu:cmp_1:urgent', 'slack:cmp_1:urgent', 'wecom:cmp_1:urgent']);
  });

  it('the DynamoDB ledger dedups across notifier instances', async () => {
    const dynamo = new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const tableName = uniqueName('robots');
    await ensureTable(dynamo, tableName);
    const ddb = DynamoDBDocumentClient.from(dynamo);
    const robots = robotsFor();
    const [msg] = teamAlertMessages(alerts.quality, [byName(robots, 'dingtalk')]);
    const deliver = () => deliverTeamAlert(JSON.stringify(msg!.message), { robots, ledger: new DynamoTeamAlertLedger(ddb, tableName), now: () => new Date() });
    expect(await deliver()).toMatchObject({ outcome: 'sent', robot: 'dingtalk', alertId: 'qa_4' });
    expect(await deliver()).toMatchObject({ outcome: 'duplicate' });
    expect(ding.requests).toHaveLength(1);
    dynamo.destroy();
  });

  it('a message for a robot no longer configured is skipped, not retried forever', async () => {
    const [msg] = teamAlertMessages(alerts.stall, [{ name: 'slack' }]);
    const res = await deliverTeamAlert(JSON.stringify(msg!.message), { robots: [], ledger: new MemoryTeamAlertLedger(), now: () => new Date() });
    expect(res).toEqual({ robot: 'slack', alertId: 'alr_3', outcome: 'skipped', detail: 'robot slack is not configured' });
  });
});
