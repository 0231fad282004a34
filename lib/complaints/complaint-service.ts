import type { CanonicalEvent } from '../canonical/canonical.ts';
import { ComplaintChangedError } from './errors.ts';
import type { Complaint, TimelineEntry } from './domain/complaint-types.ts';
import { applyEvent, applyInput, complaintIdOf, issueKeyOf, type OrderFacts } from './domain/complaint-reducer.ts';
import { checkBreach } from './domain/sla.ts';
import type { ComplaintPort, StallReport } from './complaint-port.ts';
import type { Commit, ComplaintStore, DueEntry } from './complaint-store.ts';
import { forEachLimited } from '../platform/for-each-limited.ts';
import { claimsCounter, customerKeyOf, OWNER_COUNTER } from './complaint-read-ahead.ts';
import { orderFactsKey } from '../platform/table/keys.ts';
import type { Prefetched } from '../platform/table/prefetch.ts';
import { raceBackoff } from '../platform/table/retry-backoff.ts';
import type { ComplaintRecords } from './complaint-records.ts';
import { ComplaintDeskService, type ComplaintDeskDeps } from './complaint-desk-service.ts';
import { afterWrite, MAX_RETRIES, readQualityWindows, signal } from './complaint-effects.ts';

export type { OrderFacts } from './domain/complaint-reducer.ts';
export type { ComplaintSignals } from './complaint-effects.ts';
export type { Operator, OperatorChange } from './complaint-desk-service.ts';

export interface ComplaintServiceDeps extends ComplaintDeskDeps {
  store: ComplaintRecords;
  /** Order facts from shipments (tags, value, promised date, contact, items) for the tier rules and the record. */
  orderFacts?: (orderId: string) => Promise<OrderFacts | undefined>;
}

const isRefundType = (c: Complaint) => c.afterSalesType === 'refund_only' || c.afterSalesType === 'return_refund';

/**
 * The complaint engine's I/O edge: load → pure `applyEvent` → one conditional write or one
 * transaction (record with its due-index key + timeline entry + counters). A lost race re-reads and
 * re-applies, so concurrent updates are never lost; an event applied before is recognised by its
 * timeline entry (the conditional put fails) and changes nothing. It is also a desk (the
 * operator reads and writes of ComplaintDeskService), for the local stack, tests and tools; the
 * operator API builds the desk alone, without the event engine.
 */
export class ComplaintService extends ComplaintDeskService implements ComplaintPort {
  declare protected readonly d: ComplaintServiceDeps;

  constructor(d: ComplaintServiceDeps) {
    super(d);
  }

  /**
   * Inspection view for tests and tools: records with their whole timeline and the ids of the
   * applied events (read from the timeline items). The engine itself never uses it.
   */
  get store(): Pick<ComplaintStore, 'get' | 'forOrder' | 'list' | 'listAll' | 'counter' | 'increment'> {
    const s = this.d.store;
    const full = async (c: Complaint | undefined) => {
      if (!c) return c;
      const timeline: TimelineEntry[] = [];
      let cursor: string | undefined;
      do {
        const page = await s.timeline(c.id, 500, cursor);
        timeline.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return { ...c, timeline, appliedEventIds: timeline.map((t) => t.eventId) };
    };
    return {
      get: async (id: string) => full(await s.get(id)),
      forOrder: async (orderId: string) => Promise.all((await s.forOrder(orderId)).map(async (c) => (await full(c))!)),
      list: (f, limit, cursor) => s.list(f, limit, cursor),
      listAll: (f) => s.listAll(f),
      counter: (n) => s.counter(n),
      increment: (n) => s.increment(n),
    };
  }

  /** Every complaint (fan-out over the shards). Kept for tools; GET /stats uses `stats()`. */
  async all(): Promise<Complaint[]> {
    return this.d.store.listAll({});
  }

  /**
   * Every canonical event that concerns a complaint. `orderIdFor` supplies the order of courier
   * events that do not name one (from the shipment record).
   */
  async applyEvents(
    events: CanonicalEvent[],
    context: { orderIdFor?: (e: CanonicalEvent) => string | undefined; noLogisticsComplaint?: (e: CanonicalEvent) => boolean; ahead?: Prefetched } = {},
  ): Promise<void> {
    for (const event of events) {
      const orderId = ('orderId' in event.data ? (event.data.orderId as string | undefined) : undefined) ?? context.orderIdFor?.(event);
      if (!orderId) continue;
      const issueKey = issueKeyOf(event, { orderId });
      if (!issueKey) continue;
      if (event.type === 'aftersale.updated' && event.providerKind === 'payment') {
        await this.applyPaymentOutcome(event, orderId, issueKey, context.ahead);
        continue;
      }
      const target = await this.targetFor(event, orderId, issueKey, context.noLogisticsComplaint?.(event) === true);
      if (target) await this.applyWithRetry(target.id, orderId, event, target.issueKey ?? issueKey, target.read, context.ahead);
    }
  }

  /**
   * The order's shipment became known after its complaints (feeds are independent): its facts
   * (contact, items, platform, value) join every complaint of the order, idempotently per shipment.
   */
  async attachOrderFacts(orderId: string, facts: OrderFacts): Promise<void> {
    await this.d.store.putOrderFacts(orderId, facts);
    for (const c of await this.d.store.forOrder(orderId)) {
      const id = `order-facts:${facts.source?.id ?? orderId}`;
      for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
        const current = await this.d.store.get(c.id);
        if (!current) break;
        const now = this.d.now();
        const r = applyInput(current, { id, at: facts.source?.at ?? now.toISOString(), clockAt: now.toISOString(), provider: 'system', actor: 'system', eventType: 'order.facts', summary: 'order facts attached (contact, items)', orderFacts: facts }, { now, config: this.d.config, complaintId: c.id, orderId });
        const res = await this.d.store.commit({ prev: current, next: r.changed ? r.complaint : undefined, entry: r.entry });
        if (res !== 'conflict') {
          if (res === 'ok' && r.changed) await afterWrite(this.w, current, r.complaint);
          break;
        }
        await raceBackoff(attempt);
      }
    }
  }

  /**
   * Which complaint an event belongs to. When deciding needed a consistent read of that complaint,
   * `read` carries it (null: read, absent) so the write path does not read it again.
   */
  private async targetFor(event: CanonicalEvent, orderId: string, issueKey: string, noLogisticsComplaint = false): Promise<{ id: string; issueKey?: string; read?: Complaint | null } | undefined> {
    const id = complaintIdOf(orderId, issueKey);
    if (event.type === 'tracking.updated') {
      // A return parcel moves the order's complaint that waits for it; an outbound parcel's trouble
      // opens (or extends) the order's logistics complaint; routine scans only extend an existing one.
      if (event.data.direction === 'return') {
        const waiting = (await this.d.store.forOrder(orderId)).find((c) => c.status === 'returning' || c.status === 'awaiting_return');
        return waiting && { id: waiting.id, issueKey: waiting.issueKey };
      }
      // The caller's record (the shipment's flag) says the order had no logistics complaint: trouble
      // creates it without a read first (the create is conditional: a concurrent one makes it retry
      // with a read), a routine scan has nothing to extend.
      if (['exception', 'failed_attempt', 'returned'].includes(event.data.status)) return noLogisticsComplaint ? { id, read: null } : { id };
      if (noLogisticsComplaint) return undefined;
      const own = (await this.d.store.get(id)) ?? null;
      return own ? { id, read: own } : undefined;
    }
    return { id };
  }

  /**
   * A payment provider's refund names its own id, not the shop's request. It joins its own record
   * when one exists (a dispute's outcome), else the order's open refund/return request, else it is
   * kept as an order fact that the order's next refund request takes over (ComplaintStore
   * pending refunds): never a reason-less complaint of its own. The claim and the keep are both
   * conditional on the same item, so in either arrival order the refund lands on the request once.
   */
  private async applyPaymentOutcome(event: CanonicalEvent, orderId: string, issueKey: string, ahead?: Prefetched): Promise<void> {
    const ownId = complaintIdOf(orderId, issueKey);
    const own = await this.d.store.get(ownId, ahead);
    if (own) return void (await this.applyWithRetry(ownId, orderId, event, own.issueKey, own));
    const open = (await this.d.store.forOrder(orderId)).filter((c) => c.status !== 'completed' && isRefundType(c)).sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1))[0];
    // The listing may lag (index, eventually consistent read): its record is good for a first
    // attempt anyway, since the write is guarded by the version read and a stale one retries.
    if (open) return void (await this.applyWithRetry(open.id, orderId, event, open.issueKey, open));
    const kept = await this.d.store.addPendingRefund(orderId, event);
    if (kept.added) return void this.d.logger.info('payment refund kept as an order fact until its request arrives', { orderId, eventId: event.id });
    if (kept.claimedBy) {
      const claimer = await this.d.store.get(kept.claimedBy);
      if (claimer) await this.applyWithRetry(claimer.id, orderId, event, claimer.issueKey, claimer);
    }
  }

  private async applyWithRetry(id: string, orderId: string, event: CanonicalEvent, issueKey: string, read?: Complaint | null, ahead?: Prefetched): Promise<Complaint | undefined> {
    let advanced = false;
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      // The first attempt may reuse the read that chose the target (or the read-ahead); a retry always reads again.
      const current = attempt === 0 && read !== undefined ? (read ?? undefined) : await this.d.store.get(id, ahead);
      const ctx = current ? { now: this.d.now(), config: this.d.config } : await this.creationContext(orderId, event, ahead);
      const full = { ...ctx, complaintId: id, orderId, issueKey };
      const r = applyEvent(current, event, full);
      const commit: Commit = { prev: current, next: r.changed ? r.complaint : undefined, entry: r.entry };
      if (r.changed && isRefundType(r.complaint) && !r.complaint.refundsClaimed) {
        // The first time this record is a refund request: take over refunds that came first.
        const pending = await this.d.store.pendingRefunds(orderId, ahead);
        let next: Complaint = { ...r.complaint, refundsClaimed: true };
        const entries: TimelineEntry[] = [];
        for (const p of pending?.claimedBy && pending.claimedBy !== id ? [] : (pending?.events ?? [])) {
          const applied = applyEvent(next, p, full);
          next = { ...applied.complaint, version: r.complaint.version };
          entries.push(applied.entry);
        }
        if (!pending?.claimedBy || pending.claimedBy === id) {
          commit.extra = [this.d.store.claimRefundsItem(orderId, id, pending), ...entries.map((e) => this.d.store.timelineItem(id, e))];
        }
        commit.next = next;
      }
      // Side by side with the write: reading the quality windows it will count in, and (once) moving
      // the round robin on past the owner a new complaint was given.
      const windows = commit.next ? readQualityWindows(this.w, current, commit.next) : undefined;
      const advance: Promise<number> | undefined = !current && !advanced && this.d.config.SUPPORT_TEAM.length ? this.d.store.increment(OWNER_COUNTER) : undefined;
      advanced ||= advance !== undefined;
      const [result] = await Promise.all([this.d.store.commit(commit), windows, advance]);
      if (result === 'duplicate') return current;
      if (result === 'ok') {
        if (commit.next) await afterWrite(this.w, current, commit.next, await windows);
        return commit.next ?? current;
      }
      await raceBackoff(attempt);
    }
    throw new ComplaintChangedError();
  }

  /**
   * First-responder ownership and repeat-claim facts, decided once when the complaint is born, from
   * reads only (the read-ahead when the worker made one): the round-robin position moves on beside
   * the complaint's write, not before it. Two complaints opened at the same instant may share a
   * position; the counter still moves once per complaint.
   */
  private async creationContext(orderId: string, event: CanonicalEvent, ahead?: Prefetched) {
    const team = this.d.config.SUPPORT_TEAM;
    const customerKey = customerKeyOf('customer' in event.data ? event.data.customer : undefined);
    const [position, priorClaimsByCustomer, orderFacts] = await Promise.all([
      team.length ? this.d.store.counter(OWNER_COUNTER, ahead) : 0,
      customerKey ? this.d.store.counter(claimsCounter(customerKey), ahead) : 0,
      this.orderFactsOf(orderId, ahead),
    ]);
    const owner = team.length ? team[position % team.length] : 'unassigned';
    return { now: this.d.now(), config: this.d.config, owner, priorClaimsByCustomer, orderFacts, customerKey };
  }

  /**
   * The order.shipped facts as stored (items, product batch), else what the shipment record knows.
   * Read ahead, the stored facts answer alone when they exist (they are what the shipment was
   * given); otherwise both are read side by side.
   */
  private async orderFactsOf(orderId: string, ahead?: Prefetched): Promise<OrderFacts | undefined> {
    if (ahead?.has(orderFactsKey(orderId))) {
      const stored = await this.d.store.orderFacts(orderId, ahead);
      return stored ?? this.d.orderFacts?.(orderId);
    }
    const [stored, shipment] = await Promise.all([this.d.store.orderFacts(orderId), this.d.orderFacts?.(orderId)]);
    return stored ? { ...shipment, ...stored } : shipment;
  }

  async reportStall(r: StallReport): Promise<string> {
    const event: CanonicalEvent = {
      type: 'complaint.reported',
      timestamp: r.detectedAt,
      data: {
        orderId: r.orderId,
        channel: 'other',
        category: 'logistics',
        text: `No courier update for ${Math.floor(r.hoursWithoutUpdate)} h (${r.carrier} ${r.trackingNumber}, last event ${r.lastEventAt}) — 物流停滞`,
        customer: r.orderFacts.customer,
        platform: r.orderFacts.platform,
      },
      id: `stall:${r.alertId}`,
      provider: 'stall-scanner',
      sourceEventType: 'logistics.stalled',
      occurredAt: r.detectedAt,
      receivedAt: r.detectedAt,
    };
    const issueKey = issueKeyOf(event, { orderId: r.orderId })!;
    const id = complaintIdOf(r.orderId, issueKey);
    await this.applyWithRetry(id, r.orderId, event, issueKey);
    return id;
  }

  async noteRecovery(r: { complaintId: string; alertId: string; at: string; location?: string; description?: string }): Promise<void> {
    const current = await this.d.store.get(r.complaintId);
    if (!current) return;
    const event: CanonicalEvent = {
      type: 'tracking.updated',
      timestamp: r.at,
      data: { carrier: 'courier', trackingNumber: r.alertId, status: 'in_transit', occurredAt: r.at, location: r.location, description: `parcel moving again — stall alert resolved${r.description ? `: ${r.description}` : ''}`, orderId: current.orderId },
      id: `recovery:${r.alertId}`,
      provider: 'stall-scanner',
      sourceEventType: 'logistics.recovered',
      occurredAt: r.at,
      receivedAt: r.at,
    };
    await this.applyWithRetry(r.complaintId, current.orderId, event, current.issueKey, current);
  }

  /**
   * Periodic SLA check: reads only the due-time entries that are due (sharded, sparse), marks each
   * newly run-out clock as breached (`sla.breached`, flag `sla_breached`, a timeline entry by
   * "system"), moves the entry to the next running clock, and returns each breach once.
   *
   * A backlog (a desk closed over a holiday: 100k clocks run out at once) is worked off oldest first
   * in pages, so memory holds one page of records, and the run stops starting pages when `timeLeft`
   * says its invocation is nearly over: what is left is still due and the next run takes it. One
   * complaint that fails is logged and stays due without holding up the others; a page where every
   * complaint fails is storage failing, and the run stops with that error.
   */
  async checkSlas(o: SlaCheckOptions = {}): Promise<SlaBreach[]> {
    const now = this.d.now();
    const pageSize = o.pageSize ?? 100;
    const due = (await this.d.store.due(now)).sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0));
    const breaches: SlaBreach[] = [];
    for (let from = 0; from < due.length; from += pageSize) {
      if (o.timeLeft && o.timeLeft() < (o.reserveMs ?? 10_000)) {
        this.d.logger.warn('SLA check stopped for time; the rest stays due for the next run', { checked: from, left: due.length - from });
        break;
      }
      const page = due.slice(from, from + pageSize);
      const records = new Map((await this.d.store.getMany([...new Set(page.map((x) => x.id))])).map((c) => [c.id, c]));
      const failed: unknown[] = [];
      await forEachLimited(page, o.concurrency ?? 8, async (entry) => {
        try {
          breaches.push(...(await this.checkOne(entry, records.get(entry.id), now)));
        } catch (err) {
          failed.push(err);
          this.d.logger.warn('SLA check of a complaint failed; it stays due', { complaintId: entry.id, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
        }
      });
      if (failed.length === page.length) throw failed[0];
    }
    return breaches;
  }

  private async checkOne(entry: DueEntry, c: Complaint | undefined, now: Date): Promise<SlaBreach[]> {
    if (entry.legacy && (entry.repeated || !c || c.dueAt !== entry.dueAt)) {
      await this.d.store.dropDue(entry.id, entry.dueAt); // an earlier release's item, orphaned or repeated by the index
      if (entry.repeated) return [];
    }
    if (!c || c.dueAt !== entry.dueAt) return []; // the index lagging a record that moved on
    const { complaint, breaches: clocks } = checkBreach(c, now);
    if (clocks.length === 0) return [];
    const result = await this.d.store.commit({
      prev: c,
      next: { ...complaint, version: c.version + 1, updatedAt: now.toISOString() },
      entry: { at: now.toISOString(), provider: 'system', actor: 'system', eventType: 'sla.breached', summary: `SLA breached: ${clocks.join(', ')}`, eventId: `sla:${c.id}:${clocks.join('+')}` },
    });
    if (result !== 'ok') return []; // changed meanwhile (or another sweep got it): the next check sees it
    const out: SlaBreach[] = [];
    for (const clock of clocks) {
      out.push({ complaintId: c.id, tier: c.tier, clock });
      this.d.logger.warn('SLA breached', { complaintId: c.id, tier: c.tier, clock });
      const dueAt = clock === 'first_response' ? c.sla.firstResponseDueAt : clock === 'review' ? c.sla.reviewDueAt : clock === 'resolution' ? c.sla.resolutionDueAt : c.sla.followUpDueAt;
      await signal(this.w, () => this.w.signals.onBreach({ complaintId: c.id, orderId: c.orderId, tier: c.tier, clock, dueAt }));
    }
    return out;
  }
}

export interface SlaBreach {
  complaintId: string;
  tier: string;
  clock: string;
}

export interface SlaCheckOptions {
  /** Milliseconds left in this invocation (Lambda's `context.getRemainingTimeInMillis`); unset: no limit. */
  timeLeft?: () => number;
  /** No new page starts with less time left than this (a page's reads, commits and signals). Default 10 s. */
  reserveMs?: number;
  /** Due entries per page: one BatchGetItem of their records. Default 100 (BatchGetItem's limit). */
  pageSize?: number;
  /** Complaints committed at once within a page. Default 8. */
  concurrency?: number;
}

