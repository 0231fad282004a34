import { describe, expect, it } from 'vitest';
import { ALERT_LISTED_IDS, keptMembers, stepWindow, type WindowState } from '../../../../lib/complaints/domain/quality-window.ts';

const rules = { threshold: 3, windowDays: 7 };
const at = (minutes: number) => new Date(Date.parse('2026-11-11T00:00:00.000Z') + minutes * 60_000).toISOString();

/** Feeds complaints through the rule as a store would, keeping what it keeps. */
function feed(n: number, gapMinutes = 1) {
  let w: WindowState = { members: [] };
  let count = 0;
  let listed: string[] = [];
  for (let i = 0; i < n; i++) {
    const step = stepWindow(w, { id: `C${i}`, at: at(i * gapMinutes) }, rules);
    if (step.kind === 'counted') continue;
    if (step.kind === 'open') {
      w = { members: step.members, alertId: `A${i}`, alertListed: Math.min(step.members.length, ALERT_LISTED_IDS) };
      count = step.members.length;
      listed = step.members.map((m) => m.id);
    } else if (step.kind === 'join') {
      count += 1;
      if (step.listId) listed.push(`C${i}`);
      w = { members: step.members, alertId: w.alertId, alertListed: (w.alertListed ?? 0) + (step.listId ? 1 : 0) };
    } else w = { members: step.members };
  }
  return { w, count, listed };
}

describe('the quality window rule', () => {
  it('opens one alert at the N-th complaint within the window, and later ones join it', () => {
    const two = feed(2);
    expect(two.w.alertId).toBeUndefined();
    const five = feed(5);
    expect(five.w.alertId).toBe('A2');
    expect(five.count).toBe(5);
    expect(five.listed).toEqual(['C0', 'C1', 'C2', 'C3', 'C4']);
  });

  it('counts a complaint once', () => {
    const { w } = feed(4);
    expect(stepWindow(w, { id: 'C3', at: at(3) }, rules)).toEqual({ kind: 'counted' });
  });

  it('stays bounded however many complaints one product gets: newest members kept, the first 100 listed, the count exact', () => {
    const { w, count, listed } = feed(5_000);
    expect(w.members).toHaveLength(keptMembers(rules));
    expect(w.members.at(-1)!.id).toBe('C4999');
    expect(count).toBe(5_000);
    expect(listed).toHaveLength(ALERT_LISTED_IDS);
    expect(listed[0]).toBe('C0');
  });

  it('resolves the alert when the window runs out, and counting starts again', () => {
    const { w } = feed(4);
    const late = stepWindow(w, { id: 'LATE', at: at(8 * 24 * 60) }, rules);
    expect(late).toMatchObject({ kind: 'resolve', resolve: 'A2', members: [{ id: 'LATE' }] });
  });
});
