import type { Config } from '../../platform/config.ts';
import type { Complaint } from './complaint-types.ts';
import type { SlaClock, Tier } from './vocabulary.ts';

export type { SlaClock } from './vocabulary.ts';

export type SlaConfig = Pick<
  Config,
  | 'SLA_URGENT_FIRST_RESPONSE_MINUTES'
  | 'SLA_URGENT_RESOLUTION_HOURS'
  | 'SLA_ROUTINE_FIRST_RESPONSE_MINUTES'
  | 'SLA_ROUTINE_REVIEW_HOURS'
  | 'SLA_ROUTINE_RESOLUTION_HOURS'
  | 'SLA_DISPUTE_FIRST_RESPONSE_MINUTES'
  | 'SLA_DISPUTE_RESOLUTION_HOURS'
> &
  Partial<Pick<Config, 'SLA_FOLLOW_UP_HOURS' | 'CLOCK_SKEW_MINUTES'>>;

const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const MIN = 60_000;
const HOUR = 3_600_000;
export const DEFAULT_FOLLOW_UP_HOURS = 24;
export const DEFAULT_CLOCK_SKEW_MINUTES = 5;

/**
 * The time a clock may start from. A provider's own time orders events, but a time in the future
 * beyond a small skew (a broken or hostile clock; a signed event dated 9999-12-31) would give an
 * SLA that never breaches: clocks then start at receipt instead.
 */
export function clockTime(occurredAt: string, receivedAt: string, skewMinutes = DEFAULT_CLOCK_SKEW_MINUTES): string {
  const o = Date.parse(occurredAt);
  const r = Date.parse(receivedAt);
  if (!Number.isFinite(o)) return new Date(r).toISOString();
  if (Number.isFinite(r) && o > r + skewMinutes * MIN) return new Date(r).toISOString();
  return new Date(o).toISOString();
}

/**
 * SLA clocks from the domain page: urgent — contact in 15 min, solution in 4 h; routine — reply in
 * 1 h, review in 24 h, closed in 48 h; dispute — flagged for manual review within 30 min.
 */
export function computeSla(tier: Tier, createdAt: string, c: SlaConfig): Complaint['sla'] {
  switch (tier) {
    case 'urgent':
      return { firstResponseDueAt: plus(createdAt, c.SLA_URGENT_FIRST_RESPONSE_MINUTES * MIN), resolutionDueAt: plus(createdAt, c.SLA_URGENT_RESOLUTION_HOURS * HOUR), breached: false };
    case 'routine':
      return {
        firstResponseDueAt: plus(createdAt, c.SLA_ROUTINE_FIRST_RESPONSE_MINUTES * MIN),
        reviewDueAt: plus(createdAt, c.SLA_ROUTINE_REVIEW_HOURS * HOUR),
        resolutionDueAt: plus(createdAt, c.SLA_ROUTINE_RESOLUTION_HOURS * HOUR),
        breached: false,
      };
    case 'dispute':
      return { firstResponseDueAt: plus(createdAt, c.SLA_DISPUTE_FIRST_RESPONSE_MINUTES * MIN), resolutionDueAt: plus(createdAt, c.SLA_DISPUTE_RESOLUTION_HOURS * HOUR), breached: false };
  }
}

/** 回访: the follow-up call is due this long after resolution (closing the loop). */
export const followUpDue = (resolvedAt: string, c: SlaConfig) => plus(resolvedAt, (c.SLA_FOLLOW_UP_HOURS ?? DEFAULT_FOLLOW_UP_HOURS) * HOUR);

type ClockView = Pick<Complaint, 'sla' | 'status' | 'firstResponseAt' | 'breachedClocks'>;

/** The clocks still running (not met, not yet reported) with their due times. */
export function runningClocks(c: ClockView): { clock: SlaClock; dueAt: string }[] {
  const done = new Set(c.breachedClocks ?? []);
  const out: { clock: SlaClock; dueAt: string }[] = [];
  if (!c.firstResponseAt) out.push({ clock: 'first_response', dueAt: c.sla.firstResponseDueAt });
  if (c.sla.reviewDueAt && c.status === 'under_review') out.push({ clock: 'review', dueAt: c.sla.reviewDueAt });
  if (c.status !== 'completed') out.push({ clock: 'resolution', dueAt: c.sla.resolutionDueAt });
  if (c.status === 'completed' && c.sla.followUpDueAt && !c.sla.followUpDoneAt) out.push({ clock: 'followUp', dueAt: c.sla.followUpDueAt });
  return out.filter((x) => !done.has(x.clock));
}

/** The earliest running clock: the one due-time index entry the complaint keeps (none: not in the index). */
export function nextDueAt(c: ClockView): string | undefined {
  return runningClocks(c)
    .map((x) => x.dueAt)
    .sort()[0];
}

/** Which clocks have run out at `now`. Pure: the caller writes the record and emits one signal per breach. */
export function checkBreach(c: Complaint, now: Date): { complaint: Complaint; breaches: SlaClock[] } {
  const t = now.getTime();
  const breaches = runningClocks(c)
    .filter((x) => t > Date.parse(x.dueAt))
    .map((x) => x.clock);
  if (breaches.length === 0) return { complaint: c, breaches };
  const flags = [...new Set([...c.flags, 'sla_breached'])].sort();
  const breachedClocks = [...new Set([...(c.breachedClocks ?? []), ...breaches])];
  const next = { ...c, flags, breachedClocks, sla: { ...c.sla, breached: true } };
  return { complaint: { ...next, dueAt: nextDueAt(next) }, breaches };
}
