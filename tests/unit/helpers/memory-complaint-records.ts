import type { CanonicalEvent } from '../../../lib/canonical/canonical.ts';
import type { ComplaintRecords } from '../../../lib/complaints/complaint-records.ts';
import type { Commit, CommitResult, ComplaintFilter, ComplaintPage, PendingRefunds } from '../../../lib/complaints/complaint-store.ts';
import type { OrderFacts } from '../../../lib/complaints/domain/complaint-reducer.ts';
import type { Complaint, TimelineEntry } from '../../../lib/complaints/domain/complaint-types.ts';
import { counterDelta, counterRanges, type Breakdown } from '../../../lib/complaints/domain/stats.ts';
import { openedAlert, QualityStore, type QualityAlert, type QualityRules } from '../../../lib/complaints/quality-store.ts';
import { stepWindow, type WindowState } from '../../../lib/complaints/domain/quality-window.ts';
import { complaintShard, timelineKey } from '../../../lib/platform/table/keys.ts';

/** What DynamoDB stores: JSON-shaped (undefined attributes dropped), never the caller's object. */
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

type Extra = { memTimeline: { id: string; entry: TimelineEntry } } | { memClaim: { orderId: string; complaintId: string; read?: PendingRefunds } };

/**
 * ComplaintRecords in memory, with the DynamoDB ComplaintStore's contract (lib/complaints/complaint-records.ts):
 * `commit` is all-or-nothing — record guarded by version (or absence), timeline entry by absence,
 * extra items by their own conditions; 'duplicate' when the entry exists, else 'conflict' when any
 * condition fails — and it moves the due entry and adds `counterDelta` to the counters, per shard.
 *
 * `beforeCommit` runs (once per registration) just before a commit is judged: what a concurrent
 * writer would do between the engine's read and its write.
 */
export class MemoryComplaintRecords implements ComplaintRecords {
  readonly records = new Map<string, Complaint>();
  /** complaint id → timeline sk → entry */
  readonly timelines = new Map<string, Map<string, TimelineEntry>>();
  /** `${dueAt}#${id}` → entry (the due index sort key) */
  readonly dueEntries = new Map<string, { id: string; dueAt: string }>();
  /** `${shard}|${sk}` → attrs */
  readonly counterItems = new Map<string, Record<string, number>>();
  readonly named = new Map<string, number>();
  readonly facts = new Map<string, OrderFacts>();
  readonly pending = new Map<string, PendingRefunds & { eventIds: string[] }>();
  readonly commits: { w: Commit; result: CommitResult }[] = [];
  private readonly hooks: ((w: Commit) => Promise<void> | void)[] = [];
  private readonly quality = new MemoryQualityStore();

  beforeCommit(hook: (w: Commit) => Promise<void> | void) {
    this.hooks.push(hook);
  }

  qualityStore(): QualityStore {
    return this.quality;
  }

  async get(id: string) {
    const c = this.records.get(id);
    return c ? { ...clone(c), appliedEventIds: [] } : undefined;
  }

  async getMany(ids: string[]) {
    const out: Complaint[] = [];
    for (const id of ids) {
      const c = await this.get(id);
      if (c) out.push(c);
    }
    return out;
  }

  private hasEntry(id: string, e: TimelineEntry) {
    return this.timelines.get(id)?.has(timelineKey(id, e.at, e.eventId).sk) ?? false;
  }

  private putEntry(id: string, e: TimelineEntry) {
    const t = this.timelines.get(id) ?? new Map<string, TimelineEntry>();
    t.set(timelineKey(id, e.at, e.eventId).sk, clone(e));
    this.timelines.set(id, t);
  }

  private claimOk(c: { orderId: string; complaintId: string; read?: PendingRefunds }) {
    const cur = this.pending.get(c.orderId);
    if (!c.read) return cur === undefined;
    return cur !== undefined && cur.v === c.read.v && (cur.claimedBy === undefined || cur.claimedBy === c.complaintId);
  }

  async commit(w: Commit): Promise<CommitResult> {
    const hooks = this.hooks.splice(0);
    for (const h of hooks) await h(w);
    const result = this.judge(w);
    this.commits.push({ w, result });
    if (result !== 'ok') return result;
    const extras = (w.extra ?? []) as Extra[];
    if (w.next) {
      const { timeline: _t, appliedEventIds: _a, ...rest } = w.next;
      this.records.set(w.next.id, clone(rest) as Complaint);
      if (w.prev?.dueAt !== w.next.dueAt) {
        if (w.prev?.dueAt) this.dueEntries.delete(`${w.prev.dueAt}#${w.next.id}`);
        if (w.next.dueAt) this.dueEntries.set(`${w.next.dueAt}#${w.next.id}`, { id: w.next.id, dueAt: w.next.dueAt });
      }
      const shard = complaintShard(w.next.id);
      for (const [sk, attrs] of counterDelta(w.prev, w.next)) {
        const key = `${shard}|${sk}`;
        const item = this.counterItems.get(key) ?? {};
        for (const [a, d] of attrs) item[a] = (item[a] ?? 0) + d;
        this.counterItems.set(key, item);
      }
    }
    if (w.entry) this.putEntry((w.next ?? w.prev)!.id, w.entry);
    for (const x of extras) {
      if ('memTimeline' in x) this.putEntry(x.memTimeline.id, x.memTimeline.entry);
      else {
        const cur = this.pending.get(x.memClaim.orderId) ?? { events: [], v: 0, eventIds: [] };
        this.pending.set(x.memClaim.orderId, { ...cur, claimedBy: x.memClaim.complaintId });
      }
    }
    return 'ok';
  }

  /** The conditions of one commit, as DynamoDB's cancellation reasons would report them. */
  private judge(w: Commit): CommitResult {
    let failed = false;
    if (w.next) {
      const stored = this.records.get(w.next.id);
      if (w.prev ? stored?.version !== w.prev.version : stored !== undefined) failed = true;
    }
    if (w.entry && this.hasEntry((w.next ?? w.prev)!.id, w.entry)) return 'duplicate';
    for (const x of (w.extra ?? []) as Extra[]) {
      if ('memTimeline' in x ? this.hasEntry(x.memTimeline.id, x.memTimeline.entry) : !this.claimOk(x.memClaim)) failed = true;
    }
    return failed ? 'conflict' : 'ok';
  }

  timelineItem(complaintId: string, e: TimelineEntry): Record<string, unknown> {
    return { memTimeline: { id: complaintId, entry: e } };
  }

  async bumpReveal(c: Complaint, entry: TimelineEntry, at: string): Promise<CommitResult> {
    const stored = this.records.get(c.id);
    if (!stored || stored.version !== c.version || this.hasEntry(c.id, entry)) return 'conflict';
    this.records.set(c.id, { ...stored, revealCount: (stored.revealCount ?? 0) + 1, version: stored.version + 1, updatedAt: at });
    this.putEntry(c.id, entry);
    return 'ok';
  }

  async timeline(id: string, limit = 100, cursor?: string) {
    const all = [...(this.timelines.get(id) ?? new Map<string, TimelineEntry>())].sort(([a], [b]) => (a < b ? -1 : 1));
    const from = cursor ? all.findIndex(([sk]) => sk > cursor) : 0;
    const page = from < 0 ? [] : all.slice(from, from + limit);
    const more = from >= 0 && from + limit < all.length;
    return { items: page.map(([, e]) => clone(e)), nextCursor: more ? page.at(-1)![0] : undefined };
  }

  private matching(f: ComplaintFilter) {
    return [...this.records.values()]
      .filter((c) => (f.orderId === undefined || c.orderId === f.orderId) && (f.status === undefined || c.status === f.status) && (f.tier === undefined || c.tier === f.tier) && (f.category === undefined || c.category === f.category))
      .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));
  }

  async list(f: ComplaintFilter, limit: number, cursor?: string): Promise<ComplaintPage> {
    const all = this.matching(f);
    const from = cursor ? Number(cursor) : 0;
    const items = all.slice(from, from + limit).map((c) => ({ ...clone(c), appliedEventIds: [] }));
    return { items, nextCursor: from + limit < all.length ? String(from + limit) : undefined, scanned: items.length };
  }

  async listAll(f: ComplaintFilter) {
    return this.matching(f).map((c) => ({ ...clone(c), appliedEventIds: [] }));
  }

  async forOrder(orderId: string) {
    return this.listAll({ orderId });
  }

  async due(now: Date) {
    const until = `${now.toISOString()}#\uffff`;
    return [...this.dueEntries].filter(([sk]) => sk <= until).sort(([a], [b]) => (a < b ? -1 : 1)).map(([, e]) => ({ ...e }));
  }

  async dropDue(id: string, dueAt: string) {
    this.dueEntries.delete(`${dueAt}#${id}`);
  }

  async counters(fromDay: string, breakdown: readonly Breakdown[] = []) {
    const ranges = counterRanges(fromDay, breakdown);
    return [...this.counterItems].map(([key, attrs]) => ({ sk: key.slice(key.indexOf('|') + 1), attrs: { ...attrs } })).filter((i) => ranges.some(([from, to]) => i.sk >= from && i.sk <= to));
  }

  async putOrderFacts(orderId: string, facts: OrderFacts) {
    this.facts.set(orderId, clone(facts));
  }

  async orderFacts(orderId: string) {
    const f = this.facts.get(orderId);
    return f ? clone(f) : undefined;
  }

  async pendingRefunds(orderId: string) {
    const p = this.pending.get(orderId);
    return p ? { events: clone(p.events), claimedBy: p.claimedBy, v: p.v } : undefined;
  }

  async addPendingRefund(orderId: string, event: CanonicalEvent): Promise<{ added: true } | { added: false; claimedBy?: string }> {
    const cur = this.pending.get(orderId) ?? { events: [], v: 0, eventIds: [] };
    if (cur.claimedBy !== undefined || cur.eventIds.includes(event.id)) return { added: false, claimedBy: cur.claimedBy };
    this.pending.set(orderId, { ...cur, events: [...cur.events, clone(event)], v: cur.v + 1, eventIds: [...cur.eventIds, event.id] });
    return { added: true };
  }

  claimRefundsItem(orderId: string, complaintId: string, read: PendingRefunds | undefined): Record<string, unknown> {
    return { memClaim: { orderId, complaintId, read } };
  }

  async increment(name: string) {
    const n = (this.named.get(name) ?? 0) + 1;
    this.named.set(name, n);
    return n;
  }

  async counter(name: string) {
    return this.named.get(name) ?? 0;
  }
}


/**
 * QualityStore in memory (same window rules: the N-th complaint of a SKU/batch within the window
 * opens ONE alert, later ones join it while they stay within one window; a complaint counted once).
 */
export class MemoryQualityStore extends QualityStore {
  private readonly windows = new Map<string, WindowState>();
  readonly alerts = new Map<string, QualityAlert>();

  constructor() {
    super(undefined as never, 'memory');
  }

  override async record(target: { kind: 'sku' | 'batch'; key: string; sku?: string; batchId?: string }, complaint: { id: string; at: string; category: string }, rules: QualityRules, now: Date): Promise<{ opened?: QualityAlert }> {
    const wKey = `${target.kind}#${target.key}`;
    const w = this.windows.get(wKey) ?? { members: [] };
    const step = stepWindow(w, { id: complaint.id, at: complaint.at }, rules);
    if (step.kind === 'counted') return {};
    const members = step.members;
    let alertId = w.alertId;
    let alertListed = w.alertListed;
    let opened: QualityAlert | undefined;
    if (step.kind === 'join') {
      const a = this.alerts.get(alertId!)!;
      this.alerts.set(alertId!, { ...a, count: a.count + 1, complaintIds: step.listId ? [...a.complaintIds, complaint.id] : a.complaintIds });
      if (step.listId) alertListed = (alertListed ?? 0) + 1;
    } else if (step.kind === 'open') {
      if (step.resolve) this.alerts.set(step.resolve, { ...this.alerts.get(step.resolve)!, state: 'resolved' });
      opened = openedAlert(target, complaint.category, members, rules, now);
      alertId = opened.id;
      alertListed = opened.complaintIds.length;
      this.alerts.set(alertId, opened);
    } else if (step.kind === 'resolve') {
      this.alerts.set(step.resolve, { ...this.alerts.get(step.resolve)!, state: 'resolved' });
      alertId = undefined;
    }
    this.windows.set(wKey, { members, ...(alertId ? { alertId, alertListed } : {}) });
    return { opened };
  }

  override async list(state: 'open' | 'resolved') {
    return [...this.alerts.values()].filter((a) => a.state === state).map(clone);
  }

  override async get(id: string) {
    const a = this.alerts.get(id);
    return a ? clone(a) : undefined;
  }
}
