/**
 * The quality signal's window rule, pure: the N-th complaint of a SKU or batch within the window
 * opens ONE alert; later ones join it while they stay within the window of the previous one; when
 * the window runs out the alert is resolved and counting starts again.
 *
 * Everything it keeps is bounded, however many complaints one product gets (a bestseller on
 * Singles' Day gets thousands a week, and the window and alert are written with every one of them,
 * billed by their size and capped by DynamoDB at 400 KB): the window holds only its newest
 * `keptMembers(rules)` members — all the opening rule and the "counted already" check need — and
 * an alert lists its first ALERT_LISTED_IDS complaints while its count stays exact.
 */
export interface Member {
  id: string;
  at: string;
}
export interface WindowRules {
  threshold: number;
  windowDays: number;
}
export interface WindowState {
  members: Member[];
  alertId?: string;
  /** Complaints the live alert lists (undefined: written before the lists were capped). */
  alertListed?: number;
}
export type WindowStep =
  | { kind: 'counted' }
  | { kind: 'join'; members: Member[]; listId: boolean }
  | { kind: 'open'; members: Member[]; resolve?: string }
  | { kind: 'resolve'; members: Member[]; resolve: string }
  | { kind: 'none'; members: Member[] };

export const ALERT_LISTED_IDS = 100;
const DAY = 86_400_000;
/** The newest members kept: enough to open at the threshold and to know recent complaints counted. */
export const keptMembers = (rules: WindowRules) => Math.max(rules.threshold, 50);

export function stepWindow(w: WindowState, complaint: Member, rules: WindowRules): WindowStep {
  if (w.members.some((m) => m.id === complaint.id)) return { kind: 'counted' };
  const newest = [...w.members.map((m) => m.at), complaint.at].sort().at(-1)!;
  const members = [...w.members, complaint]
    .filter((m) => Date.parse(newest) - Date.parse(m.at) <= rules.windowDays * DAY)
    .sort((a, b) => (a.at < b.at ? -1 : 1))
    .slice(-keptMembers(rules));
  const live = w.alertId !== undefined && members.length > 1;
  if (live) return { kind: 'join', members, listId: (w.alertListed ?? 0) < ALERT_LISTED_IDS };
  if (members.length >= rules.threshold) return { kind: 'open', members, resolve: w.alertId };
  if (w.alertId) return { kind: 'resolve', members, resolve: w.alertId };
  return { kind: 'none', members };
}
