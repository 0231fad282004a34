import { createHash, randomUUID } from 'node:crypto';
import type { SectionConfig } from '../platform/config.ts';
import { ComplaintChangedError, complaintNotFound, illegalTransition, versionConflict } from './errors.ts';
import type { CanonicalEvent } from '../canonical/canonical.ts';
import type { Complaint, Status } from './domain/complaint-types.ts';
import { applyEvent, applyInput, complaintIdOf, issueKeyOf } from './domain/complaint-reducer.ts';
import { canTransition } from './domain/status-machine.ts';
import { checkBreach } from './domain/sla.ts';
import type { Logger } from '../platform/logger.ts';
import type { ComplaintPort, StallReport } from './complaint-port.ts';
import type { ComplaintFilter, ComplaintPage, ComplaintStore } from './complaint-store.ts';

export interface OrderFacts {
  tags?: string[];
  amount?: { value: number; currency: string };
  promisedBy?: string;
  customer?: { name?: string; phone?: string; email?: string; locale?: string };
  platform?: string;
}

export interface ComplaintServiceDeps {
  store: ComplaintStore;
  config: SectionConfig<'complaints'>;
  now: () => Date;
  logger: Logger;
  /** Order facts from shipments (tags, value, promised date, contact) for the tier rules. */
  orderFacts?: (orderId: string) => Promise<OrderFacts | undefined>;
}

const MAX_RETRIES = 8;

/**
 * The complaint engine's I/O edge: load → pure `applyEvent` → one conditional write. A lost race
 * (version changed) re-reads and re-applies, so concurrent updates are never lost; applying an
 * event twice is a no-op (the record remembers applied event ids).
 */
export class ComplaintService implements ComplaintPort {
  constructor(private readonly d: ComplaintServiceDeps) {}

  get store(): ComplaintStore {
    return this.d.store;
  }

  /** One page of a filtered listing (index-backed, cursor). */
  list(filter: ComplaintFilter, limit: number, cursor?: string): Promise<ComplaintPage> {
    return this.d.store.list(filter, limit, cursor);
  }

  get(id: string): Promise<Complaint | undefined> {
    return this.d.store.get(id);
  }

  /** GET /stats input: every complaint via the all-complaints index (one paginated Query, no Scan). */
  async all(): Promise<Complaint[]> {
    return this.d.store.listAll({});
  }

  /**
   * Every canonical event that concerns a complaint. `orderIdFor` supplies the order of courier
   * events that do not name one (from the shipment record).
   */
  async applyEvents(events: CanonicalEvent[], context: { orderIdFor?: (e: CanonicalEvent) => string | undefined } = {}): Promise<void> {
    for (const event of events) {
      const orderId = ('orderId' in event.data ? (event.data.orderId as string | undefined) : undefined) ?? context.orderIdFor?.(event);
      if (!orderId) continue;
      const issueKey = issueKeyOf(event, { orderId });
      if (!issueKey) continue;
      const target = await this.targetFor(event, orderId, issueKey);
      if (target) await this.applyWithRetry(target.id, orderId, event, issueKey, target.read);
    }
  }

  /**
   * Which complaint an event belongs to. When deciding needed a consistent read of that complaint,
   * `read` carries it (null: read, absent) so the write path does not read it again.
   */
  private async targetFor(event: CanonicalEvent, orderId: string, issueKey: string): Promise<{ id: string; read?: Complaint | null } | undefined> {
    const id = complaintIdOf(orderId, issueKey);
    const readOwn = async () => (await this.d.store.get(id)) ?? null;
    if (event.type === 'tracking.updated') {
      // A return parcel moves the order's complaint that waits for it; an outbound parcel's trouble
      // opens (or extends) the order's logistics complaint; routine scans only extend an existing one.
      if (event.data.direction === 'return') {
        const waiting = (await this.d.store.forOrder(orderId)).find((c) => c.status === 'returning' || c.status === 'awaiting_return');
        return waiting && { id: waiting.id };
      }
      if (['exception', 'failed_attempt', 'returned'].includes(event.data.status)) return { id };
      const own = await readOwn();
      return own ? { id, read: own } : undefined;
    }
    if (event.type !== 'aftersale.updated' || event.providerKind !== 'payment') return { id };
    const own = await readOwn();
    if (own) return { id, read: own };
    // A payment provider's refund names its own id, not the shop's request: attach it to the order's
    // open refund/return complaint. Only payment outcomes do this; a shop's update always belongs to
    // its own request (deterministic id), whatever order events arrive in. With nothing to attach
    // to, the refund opens its own record so it is never dropped.
    const open = (await this.d.store.forOrder(orderId)).filter((c) => c.status !== 'completed' && (c.afterSalesType === 'refund_only' || c.afterSalesType === 'return_refund'));
    const match = open.sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1))[0];
    return match ? { id: match.id } : { id, read: null };
  }

  private async applyWithRetry(id: string, orderId: string, event: CanonicalEvent, issueKey: string, read?: Complaint | null): Promise<Complaint | undefined> {
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      // The first attempt may reuse the read that chose the target; a retry always reads again.
      const current = attempt === 0 && read !== undefined ? (read ?? undefined) : await this.d.store.get(id);
      const ctx = current ? { now: this.d.now(), config: this.d.config } : await this.creationContext(orderId, event);
      const { complaint, changed } = applyEvent(current, event, { ...ctx, complaintId: id, orderId, issueKey });
      if (!changed) return current;
      try {
        await this.d.store.save(complaint, current?.version);
        if (!current) await this.afterCreate(complaint);
        return complaint;
      } catch (err) {
        if (!(err instanceof ComplaintChangedError)) throw err;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * (attempt + 1)));
      }
    }
    throw new Error(`complaint ${id}: too many concurrent updates; the event will be retried`);
  }

  /** First-responder ownership and repeat-claim facts, decided once when the complaint is born. */
  private async creationContext(orderId: string, event: CanonicalEvent) {
    const team = this.d.config.SUPPORT_TEAM;
    const owner = team.length ? team[((await this.d.store.increment('owner-round-robin')) - 1) % team.length] : 'unassigned';
    const customer = 'customer' in event.data ? event.data.customer : undefined;
    const customerKey = customer?.phone || customer?.email ? hashKey(customer.phone ?? customer.email!) : undefined;
    const priorClaimsByCustomer = customerKey ? await this.d.store.counter(`claims#${customerKey}`) : 0;
    const orderFacts = await this.d.orderFacts?.(orderId);
    return { now: this.d.now(), config: this.d.config, owner, priorClaimsByCustomer, orderFacts, customerKey };
  }

  private async afterCreate(c: Complaint) {
    if (c.customerKey) await this.d.store.increment(`claims#${c.customerKey}`);
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
    await this.applyWithRetry(r.complaintId, current.orderId, event, current.issueKey);
  }

  /** Operator change (PATCH): legal transitions only, optimistic concurrency on `version`. */
  async operate(id: string, change: { status?: Status; owner?: string; note?: string; version?: number }, actor = 'operator'): Promise<Complaint> {
    const current = await this.d.store.get(id);
    if (!current) throw complaintNotFound();
    if (change.version !== undefined && change.version !== current.version) throw versionConflict(`complaint is at version ${current.version}, not ${change.version}`);
    if (change.status && change.status !== current.status && !canTransition(current.afterSalesType, current.status, change.status)) {
      throw illegalTransition(`cannot move from ${current.status} to ${change.status}${current.afterSalesType ? ` for ${current.afterSalesType}` : ''}`);
    }
    const now = this.d.now();
    const summary = [change.status && `status → ${change.status}`, change.owner && `owner → ${change.owner}`, change.note && `note: ${change.note}`].filter(Boolean).join('; ');
    const { complaint } = applyInput(
      current,
      { id: `op:${randomUUID()}`, at: now.toISOString(), provider: actor, eventType: 'operator.update', summary, progress: change.status ? [change.status] : undefined, owner: change.owner, operator: true },
      { now, config: this.d.config, complaintId: id, orderId: current.orderId },
    );
    await this.d.store.save(complaint, current.version); // a lost race throws ComplaintChangedError: 409
    return complaint;
  }

  /**
   * Periodic SLA check: marks breached complaints (`sla.breached`, flag `sla_breached`) and returns
   * each breach (the scanner emits one metric each). Reads open complaints by status (index), never
   * a Scan. Returns the breaches found.
   */
  async checkSlas(): Promise<{ complaintId: string; tier: string; clock: string }[]> {
    const breaches: { complaintId: string; tier: string; clock: string }[] = [];
    for (const status of ['under_review', 'awaiting_return', 'returning', 'processing'] as const) {
      let cursor: string | undefined;
      do {
        const page = await this.d.store.list({ status }, 100, cursor);
        cursor = page.nextCursor;
        for (const c of page.items) {
          if (c.sla.breached) continue;
          const { complaint, breaches: clocks } = checkBreach(c, this.d.now());
          if (clocks.length === 0) continue;
          try {
            await this.d.store.save({ ...complaint, version: c.version + 1, updatedAt: this.d.now().toISOString() }, c.version);
            for (const clock of clocks) {
              breaches.push({ complaintId: c.id, tier: c.tier, clock });
              this.d.logger.warn('SLA breached', { complaintId: c.id, tier: c.tier, clock });
            }
          } catch (err) {
            if (!(err instanceof ComplaintChangedError)) throw err; // changed meanwhile: next check sees it
          }
        }
      } while (cursor);
    }
    return breaches;
  }
}

const hashKey = (s: string) => createHash('sha256').update(s.trim().toLowerCase()).digest('hex').slice(0, 24);
