import { CATEGORIES } from '../../canonical/canonical.ts';
import { STATUSES, TIERS, type Complaint } from './complaint-types.ts';

const median = (xs: number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const minutes = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 60_000;

/** GET /stats: counts by category, tier and status; SLA breaches; medians; resolution by day. */
export function computeStats(complaints: Complaint[]) {
  const count = <K extends string>(keys: readonly K[], pick: (c: Complaint) => K) =>
    Object.fromEntries(keys.map((k) => [k, complaints.filter((c) => pick(c) === k).length])) as Record<K, number>;
  const resolved = complaints.filter((c) => c.resolvedAt);
  const byDay = new Map<string, number[]>();
  for (const c of resolved) {
    const day = c.resolvedAt!.slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), minutes(c.createdAt, c.resolvedAt!)]);
  }
  return {
    total: complaints.length,
    byCategory: count(CATEGORIES, (c) => c.category),
    byTier: count(TIERS, (c) => c.tier),
    byStatus: count(STATUSES, (c) => c.status),
    slaBreaches: complaints.filter((c) => c.sla.breached).length,
    medianMinutesToFirstResponse: median(complaints.filter((c) => c.firstResponseAt).map((c) => minutes(c.createdAt, c.firstResponseAt!))),
    medianMinutesToResolution: median(resolved.map((c) => minutes(c.createdAt, c.resolvedAt!))),
    resolutionByDay: [...byDay.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, xs]) => ({ day, medianMinutes: median(xs), resolved: xs.length })),
  };
}
