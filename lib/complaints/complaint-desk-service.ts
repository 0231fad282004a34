import { randomUUID } from 'node:crypto';
import { ComplaintChangedError, ComplaintError, complaintNotFound, illegalTransition, versionConflict } from './errors.ts';
import type { Complaint, TimelineEntry } from './domain/complaint-types.ts';
import type { Status } from './domain/vocabulary.ts';
import { applyInput } from './domain/complaint-reducer.ts';
import { toPublicTimelineEntry, type PublicTimelineEntry } from './domain/public-complaint.ts';
import { canTransition } from './domain/status-machine.ts';
import { statsFromCounters, type Breakdown, type Stats } from './domain/stats.ts';
import type { ComplaintFilter, ComplaintPage } from './complaint-desk-store.ts';
import type { QualityAlert } from './quality-store.ts';
import { raceBackoff } from '../platform/table/retry-backoff.ts';
import { afterWrite, FIRST_PAGE, MAX_RETRIES, writeEffects, type ComplaintDeskDeps, type WriteEffects } from './complaint-effects.ts';

export type { ComplaintDeskDeps } from './complaint-effects.ts';

export interface Operator {
  name: string;
  role: 'viewer' | 'agent' | 'admin' | string;
}

export interface OperatorChange {
  status?: Status;
  owner?: string;
  note?: string;
  followUpDone?: boolean;
  version?: number;
}

/**
 * The complaint desk: what operators read and do (list, one complaint, its timeline, stats,
 * quality alerts, the operator change, the audited reveal). It holds none of the event engine
 * (ComplaintService in complaint-service.ts adds that on top), so the operator API bundles only this.
 */
export class ComplaintDeskService {
  protected readonly w: WriteEffects;

  constructor(protected readonly d: ComplaintDeskDeps) {
    this.w = writeEffects(d);
  }

  /** One page of a filtered listing (sharded index fan-out, cursor). */
  list(filter: ComplaintFilter, limit: number, cursor?: string): Promise<ComplaintPage> {
    return this.d.store.list(filter, limit, cursor);
  }

  /** One complaint with the first page of its timeline (GET /complaints/:id keeps its `timeline`). */
  async get(id: string): Promise<Complaint | undefined> {
    const c = await this.d.store.get(id);
    if (!c) return undefined;
    return { ...c, timeline: (await this.d.store.timeline(id, FIRST_PAGE)).items };
  }

  /** GET /complaints/:id/timeline: oldest first, paged; entries scrubbed for output. */
  async timeline(id: string, cursor?: string, limit = FIRST_PAGE): Promise<{ items: PublicTimelineEntry[]; nextCursor?: string }> {
    if (!(await this.d.store.get(id))) throw complaintNotFound();
    const page = await this.d.store.timeline(id, Math.min(Math.max(limit, 1), 500), cursor);
    return { items: page.items.map(toPublicTimelineEntry), nextCursor: page.nextCursor };
  }

  /**
   * GET /stats from the sharded counters maintained on write: a fixed number of reads, whatever
   * the number of complaints, SKUs or batches; each asked-for breakdown adds one read per SKU or
   * batch counter (and shard).
   */
  async stats(opts: { breakdown?: readonly Breakdown[] } = {}): Promise<Stats> {
    const from = new Date(this.d.now().getTime() - 90 * 86_400_000).toISOString().slice(0, 10);
    const breakdown = opts.breakdown ?? [];
    return statsFromCounters(await this.d.store.counters(from, breakdown), breakdown);
  }

  /** GET /alerts?type=quality_batch&state= */
  async qualityAlerts(state: 'open' | 'resolved' = 'open'): Promise<QualityAlert[]> {
    return this.w.quality.list(state);
  }

  /** Operator change (PATCH): legal transitions only, optimistic concurrency on `version`, the operator named as actor. */
  async operate(id: string, change: OperatorChange, actor = 'operator'): Promise<Complaint> {
    const current = await this.d.store.get(id);
    if (!current) throw complaintNotFound();
    if (change.version !== undefined && change.version !== current.version) throw versionConflict(`complaint is at version ${current.version}, not ${change.version}`);
    if (change.status && change.status !== current.status && !canTransition(current.afterSalesType, current.status, change.status)) {
      throw illegalTransition(`cannot move from ${current.status} to ${change.status}${current.afterSalesType ? ` for ${current.afterSalesType}` : ''}`);
    }
    if (change.followUpDone && (change.status ?? current.status) !== 'completed') throw illegalTransition('the follow-up (回访) is recorded on a completed complaint');
    const now = this.d.now();
    const summary = [change.status && `status → ${change.status}`, change.owner && `owner → ${change.owner}`, change.followUpDone && 'follow-up done (回访)', change.note && `note: ${change.note}`].filter(Boolean).join('; ');
    const { complaint, changed, entry } = applyInput(
      current,
      { id: `op:${randomUUID()}`, at: now.toISOString(), provider: actor, actor, eventType: 'operator.update', summary, progress: change.status ? [change.status] : undefined, owner: change.owner, operator: true, followUpDone: change.followUpDone },
      { now, config: this.d.config, complaintId: id, orderId: current.orderId },
    );
    const result = await this.d.store.commit({ prev: current, next: changed ? complaint : undefined, entry });
    if (result !== 'ok') throw new ComplaintChangedError(); // a lost race: 409, the operator reloads
    const saved = changed ? complaint : current;
    if (changed) await afterWrite(this.w, current, saved);
    return { ...saved, timeline: (await this.d.store.timeline(id, FIRST_PAGE)).items };
  }

  /**
   * The audited reveal: an agent (or admin) gets one complaint's raw phone/e-mail to make the
   * urgent call. Each reveal is on the timeline with the operator's name and counted on the
   * record; a viewer never gets it.
   */
  async reveal(id: string, operator: Operator): Promise<{ phone?: string; email?: string }> {
    if (operator.role !== 'agent' && operator.role !== 'admin') throw new ComplaintError('forbidden', 'forbidden', 'only agents and admins may reveal contact details');
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const c = await this.d.store.get(id);
      if (!c) throw complaintNotFound();
      const now = this.d.now().toISOString();
      const fields = [c.contact?.phone && 'phone', c.contact?.email && 'e-mail'].filter(Boolean).join(', ') || 'nothing on record';
      const entry: TimelineEntry = { at: now, provider: operator.name, actor: operator.name, eventType: 'operator.reveal', summary: `revealed contact (${fields})`, eventId: `reveal:${randomUUID()}` };
      if ((await this.d.store.bumpReveal(c, entry, now)) === 'ok') {
        this.d.logger.info('contact revealed', { complaintId: id, operator: operator.name });
        return { ...(c.contact?.phone ? { phone: c.contact.phone } : {}), ...(c.contact?.email ? { email: c.contact.email } : {}) };
      }
      await raceBackoff(attempt);
    }
    throw new ComplaintChangedError();
  }
}
