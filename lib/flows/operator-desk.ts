import type { ComplaintDeskService } from '../complaints/complaint-desk-service.ts';
import type { Complaint } from '../complaints/domain/complaint-types.ts';
import type { ComplaintDesk, DeskFilter } from '../http/operator-deps.ts';
import { decodeCursor, encodeCursor } from '../platform/table/cursor.ts';

/**
 * The desk's view of the complaints: the desk service's own methods, plus the list filters the
 * indexes do not cover (owner, breached, platform), applied to index pages.
 */
export function complaintDesk(desk: ComplaintDeskService): ComplaintDesk {
  return {
    list: (filter, limit, cursor) => filteredList(desk, filter, limit, cursor),
    get: (id) => desk.get(id),
    operate: (id, change, actor) => desk.operate(id, change, actor),
    stats: (opts) => desk.stats(opts),
    reveal: (id, operator) => desk.reveal(id, operator),
    timeline: (id, cursor, limit) => desk.timeline(id, cursor, limit),
    qualityAlerts: (state) => desk.qualityAlerts(state),
  };
}

/** Index pages read per request at most, so a rare owner cannot turn one request into a scan. */
const MAX_PAGES = 10;

const matches = (f: DeskFilter) => (c: Complaint) =>
  (f.owner === undefined || c.owner === f.owner) && (f.breached === undefined || c.sla.breached === f.breached) && (f.platform === undefined || c.platform === f.platform);

/**
 * The filters the indexes do not cover, applied to index pages. The cursor remembers the index page
 * it stopped in and how many matches of it were already returned, so no match is skipped or repeated.
 */
async function filteredList(desk: ComplaintDeskService, f: DeskFilter, limit: number, cursor?: string) {
  const { owner, breached, platform, ...indexed } = f;
  if (owner === undefined && breached === undefined && platform === undefined) return desk.list(indexed, limit, cursor);
  const pred = matches(f);
  const size = Math.max(limit, 50);
  const state = (decodeCursor(cursor) as { c?: string; skip?: number } | undefined) ?? {};
  let at: string | undefined = state.c;
  let skip = state.skip ?? 0;
  const items: Complaint[] = [];
  let scanned = 0;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const page = await desk.list(indexed, size, at);
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
