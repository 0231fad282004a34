import type { Locale } from '../templates.ts';
import type { TeamAlert } from './team-alert.ts';

export { ROBOT_NAMES, type RobotName } from '../robot-names.ts';
import type { RobotName } from '../robot-names.ts';

/** One group-chat robot. `send` resolves when the robot accepted the message, else throws RobotSendError. */
export interface TeamRobot {
  readonly name: RobotName;
  /** The documented request body for this alert (without per-request signatures). Pure. */
  render(alert: TeamAlert): unknown;
  send(alert: TeamAlert): Promise<{ detail: string }>;
}

export interface RobotOptions {
  /** The robot's full URL: the key or token in it is the credential; it never appears in logs or errors. */
  url: string;
  timeoutMs: number;
  locale: Locale;
  fetch?: typeof fetch;
  now?: () => Date;
}

/**
 * A robot that did not take the message. The message names the robot and the provider's code or
 * HTTP status only: never the URL (it carries the key), the secret or the body.
 * `retryable`: the provider said "later" (rate limit, busy, 5xx, timeout); otherwise a
 * configuration problem (bad key, sign mismatch, keyword filter) that retries will not fix;
 * either way the queue redelivers and, in the end, the DLQ keeps it.
 */
export class RobotSendError extends Error {
  override name = 'RobotSendError';
  constructor(
    readonly robot: RobotName,
    readonly retryable: boolean,
    detail: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(`${robot}: ${detail}`);
  }
}

export interface RobotResponse {
  status: number;
  text: string;
  headers: Headers;
}

/** POST JSON with a timeout. Network failures and timeouts become retryable RobotSendErrors without the URL. */
export async function postJson(robot: RobotName, o: Pick<RobotOptions, 'fetch' | 'timeoutMs'>, url: string, body: unknown): Promise<RobotResponse> {
  const doFetch = o.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(o.timeoutMs),
    });
  } catch (err) {
    // fetch's TypeError message can quote the URL: keep only what kind of failure it was.
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    throw new RobotSendError(robot, true, timedOut ? `timed out after ${o.timeoutMs} ms` : 'unreachable');
  }
  const text = await res.text().catch(() => '');
  return { status: res.status, text, headers: res.headers };
}

/** 408/429/5xx say "later"; other 4xx will not get better by retrying. */
export const retryableStatus = (s: number) => s === 408 || s === 429 || s >= 500;

/** Reads `{errcode, errmsg}` / `{code, msg}` style JSON answers; undefined when the body is not JSON. */
export function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Cuts a UTF-8 string to at most `maxBytes` bytes without splitting a character (robot limits are in bytes). */
export function truncateBytes(s: string, maxBytes: number): string {
  const buf = Buffer.from(s, 'utf8');
  if (buf.length <= maxBytes) return s;
  let end = maxBytes - 3;
  // Step back to a character boundary: continuation bytes are 10xxxxxx.
  while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--;
  return `${buf.subarray(0, end).toString('utf8')}...`;
}
