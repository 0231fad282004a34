import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import '../../platform/zod-locale.ts';
import { ROBOT_NAMES, RobotSendError, type RobotName, type TeamRobot } from './robot.ts';
import { teamAlertSchema, type TeamAlert } from './team-alert.ts';

/**
 * Team alerts travel through the notify queue (retries, then the DLQ), one message per alert and
 * robot: a robot that fails is retried on its own and never holds back the others, and a
 * redelivered message finds its (alert, robot) already sent and does nothing.
 */
export const teamAlertMessageSchema = z.object({
  v: z.literal(1),
  type: z.literal('team_alert'),
  robot: z.enum(ROBOT_NAMES),
  alert: teamAlertSchema,
});
export type TeamAlertMessage = z.infer<typeof teamAlertMessageSchema>;

/**
 * The dedup key of one alert on one robot: `<robot>:<alert id>`, or its SHA-256 when longer than
 * 128 characters, so it fits an SQS FIFO MessageDeduplicationId (≤ 128, printable ASCII) as well
 * as the ledger's key.
 */
export function teamAlertDedupKey(alertId: string, robot: RobotName): string {
  const key = `${robot}:${alertId}`;
  return key.length <= 128 && /^[\x21-\x7e]+$/.test(key) ? key : `${robot}:sha256:${createHash('sha256').update(alertId).digest('hex')}`;
}

/** The queue messages for one alert: one per configured robot. */
export function teamAlertMessages(alert: TeamAlert, robots: readonly Pick<TeamRobot, 'name'>[]): { message: TeamAlertMessage; dedupKey: string }[] {
  const parsed = teamAlertSchema.parse(alert);
  return robots.map((r) => ({ message: { v: 1, type: 'team_alert', robot: r.name, alert: parsed }, dedupKey: teamAlertDedupKey(parsed.id, r.name) }));
}

/** Whether a notify-queue body is a team alert (the other kind is a customer notification). */
export function isTeamAlertMessage(body: unknown): boolean {
  return !!body && typeof body === 'object' && (body as { type?: unknown }).type === 'team_alert';
}

/** Remembers which (alert, robot) pairs went out, so a redelivered message sends nothing twice. */
export interface TeamAlertLedger {
  wasSent(dedupKey: string): Promise<boolean>;
  markSent(dedupKey: string, at: Date): Promise<void>;
}

/** For local runs and tests; a Lambda needs the shared one (DynamoDB, team-alert-ledger.ts). */
export class MemoryTeamAlertLedger implements TeamAlertLedger {
  readonly sent = new Map<string, Date>();
  async wasSent(k: string) {
    return this.sent.has(k);
  }
  async markSent(k: string, at: Date) {
    this.sent.set(k, at);
  }
}

export interface TeamAlertDeps {
  robots: readonly TeamRobot[];
  ledger: TeamAlertLedger;
  now: () => Date;
}

export type TeamAlertOutcome = { outcome: 'sent' | 'duplicate' | 'skipped'; robot: RobotName; alertId: string; detail?: string };

/**
 * One notify-queue message of the team-alert kind. Throws RobotSendError when the robot did not
 * take it (the queue redelivers, the DLQ keeps it in the end). A message for a robot that is no
 * longer configured here is skipped, not retried: nothing could ever send it.
 *
 * At least once: the ledger is written after the robot accepted, so a crash in between sends the
 * alert again on redelivery; a duplicate alert in a group chat is the lesser harm than a lost one.
 */
export async function deliverTeamAlert(raw: string, deps: TeamAlertDeps): Promise<TeamAlertOutcome> {
  const msg = teamAlertMessageSchema.parse(JSON.parse(raw));
  const base = { robot: msg.robot, alertId: msg.alert.id };
  const robot = deps.robots.find((r) => r.name === msg.robot);
  if (!robot) return { ...base, outcome: 'skipped', detail: `robot ${msg.robot} is not configured` };
  const key = teamAlertDedupKey(msg.alert.id, msg.robot);
  if (await deps.ledger.wasSent(key)) return { ...base, outcome: 'duplicate' };
  const res = await robot.send(msg.alert);
  await deps.ledger.markSent(key, deps.now());
  return { ...base, outcome: 'sent', detail: res.detail };
}

export type RobotResult = { robot: RobotName; ok: true; detail: string } | { robot: RobotName; ok: false; retryable: boolean; error: string };

/**
 * Sends one alert to every configured robot at once, for callers without the queue (the local
 * server, a CLI test message). Robots run in parallel and independently: one failing or hanging
 * (bounded by its timeout) never stops the others. Never throws; each result says what happened.
 */
export async function sendTeamAlertToAll(alert: TeamAlert, robots: readonly TeamRobot[]): Promise<RobotResult[]> {
  const settled = await Promise.allSettled(robots.map((r) => r.send(alert)));
  return settled.map((s, i): RobotResult => {
    const robot = robots[i]!.name;
    if (s.status === 'fulfilled') return { robot, ok: true, detail: s.value.detail };
    const err = s.reason;
    return err instanceof RobotSendError
      ? { robot, ok: false, retryable: err.retryable, error: err.message }
      : { robot, ok: false, retryable: true, error: `${robot}: ${err instanceof Error ? err.name : 'error'}` };
  });
}
