import type { ComplaintService } from '../complaints/complaint-service.ts';
import type { Complaint } from '../complaints/domain/complaint-types.ts';
import { ComplaintChangedError, complaintNotFound } from '../complaints/errors.ts';
import type { ComplaintDesk, DeskFilter, DeskTimelineEntry, QualityAlert } from '../http/operator-deps.ts';
import { conflict } from '../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../platform/table/cursor.ts';

/**
 * The desk's view of the complaint engine. The engine is growing the contract §2 members (reveal,
 * timeline, quality alerts, follow-up, owner/breached/platform filters) in parallel; until it
 * provides one, the fallback here serves it from what the engine already has, so the routes work
 * today and switch to the engine's method by themselves once it exists (`engine.<member>`).
 */
type Engine = ComplaintService & Partial<Pick<ComplaintDesk, 'reveal' | 'timeline' | 'qualityAlerts'>>;

/** Upper bound of index pages one filtered listing request reads (bounded work per request). */
const MAX_PAGES = 10;

export function complaintDesk(engine: Engine): ComplaintDesk {
  const hasEngine = (m: 'reveal' | 'timeline' | 'qualityAlerts') => typeof engine[m] === 'function';
  return {
    get: (id) => engine.get(id),
    all: () => engine.all(),
    list: (filter, limit, cursor) => (hasEngine('timeline') ? engine.list(filter, limit, cursor) : filteredList(engine, filter, limit, cursor)),
    async operate(id, change, actor) {
      if (!change.followUpDone || hasEngine('reveal')) return engine.operate(id, change, actor);
      // Today's engine has no follow-up clock: record the follow-up as an operator note.
      const current = await engine.get(id);
      if (!current) throw complaintNotFound();
      if (current.status !== 'completed') throw conflict('follow_up_not_due', 'a follow-up is marked once the complaint is completed');
      const { followUpDone: _f, ...rest } = change;
      return engine.operate(id, { ...rest, note: rest.note ?? 'follow-up done (回访)' }, actor);
    },
    async reveal(id, operator) {
      if (hasEngine('reveal')) return engine.reveal!(id, operator);
      const c = await engine.get(id);
      if (!c) throw complaintNotFound();
      const contact = { phone: c.contact?.phone, email: c.contact?.email };
      const what = [contact.phone && 'phone', contact.email && 'e-mail'].filter(Boolean).join(', ') || 'nothing on file';
      // The reveal is audited on the timeline (who, when) before the contact leaves the service.
      for (let attempt = 0; ; attempt++) {
        try {
          await engine.operate(id, { note: `contact revealed (${what})` }, operator.name);
          break;
        } catch (err) {
          if (!(err instanceof ComplaintChangedError) || attempt >= 3) throw err;
        }
      }
      return contact;
    },
    async timeline(id, cursor, limit = 50) {
      if (hasEngine('timeline')) return engine.timeline!(id, cursor, limit);
      const c = await engine.get(id);
      if (!c) throw complaintNotFound();
      const all = [...(c.timeline ?? [])].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)) as DeskTimelineEntry[];
      const start = Number(decodeCursor(cursor)?.offset ?? 0);
      const items = all.slice(start, start + limit).map(({ eventId: _e, ...t }) => ({ ...t, actor: t.actor ?? t.provider }));
      return { items, nextCursor: start + limit < all.length ? encodeCursor({ offset: start + limit }) : undefined };
    },
    async qualityAlerts(state): Promise<QualityAlert[]> {
      return hasEngine('qualityAlerts') ? engine.qualityAlerts!(state) : [];
    },
  };
}

const matches = (f: DeskFilter) => (c: Complaint) =>
  (f.owner === undefined || c.owner === f.owner) && (f.breached === undefined || c.sla.breached === f.breached) && (f.platform === undefined || c.platform === f.platform);

/**
 * The filters the indexes do not cover, applied to index pages. The cursor remembers the index page
 * it stopped in and how many matches of it were already returned, so no match is skipped or repeated.
 */
async function filteredList(engine: Engine, f: DeskFilter, limit: number, cursor?: string) {
  const { owner, breached, platform, ...indexed } = f;
  if (owner === undefined && breached === undefined && platform === undefined) return engine.list(indexed, limit, cursor);
  const pred = matches(f);
  const size = Math.max(limit, 50);
  const state = (decodeCursor(cursor) as { c?: string; skip?: number } | undefined) ?? {};
  let at: string | undefined = state.c;
  let skip = state.skip ?? 0;
  const items: Complaint[] = [];
  let scanned = 0;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const page = await engine.list(indexed, size, at);
    scanned += page.scanned;
    const fresh = page.items.filter(pred).slice(skip);
    const need = limit - items.length;
    if (fresh.length > need) {
      items.push(...fresh.slice(0, need));
      return { items, scanned, nextCursor: encodeCursor({ c: at, skip: skip + need }) };
    }
    items.push(...fresh);
    if (!page.nextCursor) return { items, scanned };
    at = page.nextCursor;
    skip = 0;
    if (items.length === limit) break;
  }
  return { items, scanned, nextCursor: encodeCursor({ c: at, skip: 0 }) };
}
