import type { Config } from '../../platform/config.ts';
import type { Complaint, Tier } from './complaint-types.ts';

export type SlaConfig = Pick<
  Config,
  | 'SLA_URGENT_FIRST_RESPONSE_MINUTES'
  | 'SLA_URGENT_RESOLUTION_HOURS'
  | 'SLA_ROUTINE_FIRST_RESPONSE_MINUTES'
  | 'SLA_ROUTINE_REVIEW_HOURS'
  | 'SLA_ROUTINE_RESOLUTION_HOURS'
  | 'SLA_DISPUTE_FIRST_RESPONSE_MINUTES'
  | 'SLA_DISPUTE_RESOLUTION_HOURS'
>;

const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const MIN = 60_000;
const HOUR = 3_600_000;

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

export type SlaClock = 'first_response' | 'review' | 'resolution';

/** Which clocks have run out at `now`. Pure: the caller writes the record and emits one metric per breach. */
export function checkBreach(c: Complaint, now: Date): { complaint: Complaint; breaches: SlaClock[] } {
  const t = now.getTime();
  const breaches: SlaClock[] = [];
  if (!c.firstResponseAt && t > Date.parse(c.sla.firstResponseDueAt)) breaches.push('first_response');
  if (c.sla.reviewDueAt && c.status === 'under_review' && t > Date.parse(c.sla.reviewDueAt)) breaches.push('review');
  if (c.status !== 'completed' && t > Date.parse(c.sla.resolutionDueAt)) breaches.push('resolution');
  if (breaches.length === 0) return { complaint: c, breaches };
  const flags = [...new Set([...c.flags, 'sla_breached'])].sort();
  return { complaint: { ...c, flags, sla: { ...c.sla, breached: true } }, breaches };
}
