import { STATUSES, toPublicComplaint, type Complaint } from '../../complaints/domain/complaint-types.ts';
import { canTransition } from '../../complaints/domain/status-machine.ts';
import { roleAllows } from '../../operators/operator-types.ts';
import { scrubPii } from '../../platform/masking.ts';
import type { PublicTimelineEntry as DeskTimelineEntry } from '../../complaints/domain/public-complaint.ts';
import { TIER_COLOUR } from './board-page.tsx';
import { Countdown, Csrf, Layout, type L, type PageFrame } from './layout.tsx';

/** Fields the engine is adding (contract §2); shown when present. */
type Extended = Complaint & { items?: { sku: string; name?: string; batchId?: string; quantity?: number }[]; sla: Complaint['sla'] & { followUpDueAt?: string; followUpDoneAt?: string } };

export interface ComplaintPageData {
  complaint: Complaint;
  timeline: { items: DeskTimelineEntry[]; nextCursor?: string };
  now: number;
  /** The raw contact, only on the answer to a reveal. */
  revealed?: { phone?: string; email?: string };
  changed?: boolean;
}

/**
 * One complaint: facts, SLA clocks, the timeline and the actions. Each action form carries the
 * version it was rendered from: the script sends it as `If-Match`, the no-JS post as `version`, so
 * an action on a stale page is refused (409) instead of overwriting someone else's change.
 */
export function complaintPage(f: PageFrame & { l: L }, d: ComplaintPageData) {
  const { l } = f;
  const c = d.complaint as Extended;
  const pub = toPublicComplaint(c, { timeline: false }) as { customer: { name?: string; phoneMasked?: string; emailMasked?: string } };
  const base = `/desk/complaints/${encodeURIComponent(c.id)}`;
  const canAct = f.operator ? roleAllows(f.operator.role, 'agent') : false;
  const next = STATUSES.filter((s) => canTransition(c.afterSalesType, c.status, s));
  const Form = (p: { action: string; children: unknown }) => (
    <form method="post" action={`${base}/act`} data-patch={`/complaints/${encodeURIComponent(c.id)}`} data-testid={`action-${p.action}`}>
      <Csrf token={f.csrf} />
      <input type="hidden" name="version" value={String(c.version)} />
      <input type="hidden" name="action" value={p.action} />
      {p.children}
    </form>
  );
  const clocks: [string, string | undefined][] = [
    [l.clock.firstResponse, c.firstResponseAt ? undefined : c.sla.firstResponseDueAt],
    [l.clock.review, c.sla.reviewDueAt],
    [l.clock.resolution, c.status === 'completed' ? undefined : c.sla.resolutionDueAt],
    [l.clock.followUp, c.sla.followUpDoneAt ? undefined : c.sla.followUpDueAt],
  ];
  return (
    <Layout {...f} title={`${l.complaint} ${c.orderId} — ${l.title}`}>
      <p>
        <a href="/">← {l.back}</a>
      </p>
      <section style={`border-left:6px solid ${TIER_COLOUR[c.tier]}`} data-testid="complaint" data-status={c.status} data-version={String(c.version)}>
        <h2>
          {l.complaint} · {l.order} <span data-testid="order-id">{c.orderId}</span> · {l.tiers[c.tier]} · {l.categories[c.category]} ·{' '}
          <span data-testid="status">{l.lanes[c.status]}</span>
          {c.sla.breached ? <span class="over"> · {l.breached}</span> : null}
        </h2>
        {d.changed ? <p class="error">{l.changed}</p> : null}
        <p class="error" data-testid="action-error" hidden></p>
        <div class="grid2">
          <div>
            <h3>{l.facts}</h3>
            <dl>
              <dt>{l.owner}</dt>
              <dd data-testid="owner">{c.owner ?? '-'}</dd>
              <dt>{l.platform}</dt>
              <dd>{c.platform ?? '-'}</dd>
              <dt>{l.customer}</dt>
              <dd>{pub.customer.name ?? '-'}</dd>
              <dt>{l.phone}</dt>
              <dd data-testid="phone-masked">{pub.customer.phoneMasked ?? '-'}</dd>
              <dt>{l.email}</dt>
              <dd data-testid="email-masked">{pub.customer.emailMasked ?? '-'}</dd>
              <dt>{l.amount}</dt>
              <dd>{c.amount ? `${c.amount.value.toFixed(2)} ${c.amount.currency}` : '-'}</dd>
              <dt>{l.reason}</dt>
              <dd>{c.reason ? scrubPii(c.reason) : '-'}</dd>
              <dt>{l.demand}</dt>
              <dd>{c.demand ? scrubPii(c.demand) : '-'}</dd>
              {c.items?.length ? (
                <>
                  <dt>{l.items}</dt>
                  <dd>{c.items.map((i) => `${i.sku}${i.name ? ` ${i.name}` : ''}${i.batchId ? ` [${i.batchId}]` : ''}${i.quantity ? ` ×${i.quantity}` : ''}`).join('; ')}</dd>
                </>
              ) : null}
            </dl>
            {d.revealed ? (
              <div class="revealed" data-testid="revealed">
                <p>{l.revealed}</p>
                <dl>
                  <dt>{l.phone}</dt>
                  <dd data-testid="revealed-phone">{d.revealed.phone ?? '-'}</dd>
                  <dt>{l.email}</dt>
                  <dd data-testid="revealed-email">{d.revealed.email ?? '-'}</dd>
                </dl>
              </div>
            ) : null}
          </div>
          <div>
            <h3>{l.clocks}</h3>
            <dl data-testid="clocks">
              {clocks
                .filter(([, due]) => due)
                .map(([name, due]) => (
                  <>
                    <dt>{name}</dt>
                    <dd>
                      {due!.slice(0, 16).replace('T', ' ')} UTC · <Countdown due={due!} now={d.now} l={l} />
                    </dd>
                  </>
                ))}
            </dl>
            <h3>{l.actions}</h3>
            {canAct ? (
              <div class="actions">
                <Form action="assign">
                  <label>
                    {l.assignTo} <input name="owner" value={f.operator?.name === 'anonymous' ? (c.owner ?? '') : f.operator?.name} required size={14} />
                  </label>
                  <button type="submit">{l.assign}</button>
                </Form>
                {next.length ? (
                  <Form action="move">
                    <label>
                      {l.move}{' '}
                      <select name="status" data-testid="move-to">
                        {next.map((s) => (
                          <option value={s}>{l.lanes[s]}</option>
                        ))}
                      </select>
                    </label>
                    <button type="submit">{l.move}</button>
                  </Form>
                ) : (
                  <p class="muted">{l.noMove}</p>
                )}
                <Form action="note">
                  <input name="note" required size={30} placeholder={l.note} />
                  <button type="submit">{l.addNote}</button>
                </Form>
                {c.status === 'completed' && !c.sla.followUpDoneAt ? (
                  <Form action="followup">
                    <input type="hidden" name="followUpDone" value="true" />
                    <button type="submit">{l.followUpDone}</button>
                  </Form>
                ) : null}
                <form method="post" action={`${base}/reveal`} data-testid="reveal">
                  <Csrf token={f.csrf} />
                  <button type="submit">{l.reveal}</button>
                </form>
              </div>
            ) : (
              <p class="muted" data-testid="viewer-hint">
                {l.viewerNoReveal}
              </p>
            )}
          </div>
        </div>
      </section>
      <section data-testid="timeline">
        <h3>{l.timeline}</h3>
        <table>
          {d.timeline.items.map((t) => (
            <tr data-testid="timeline-entry">
              <td>{t.at.slice(0, 19).replace('T', ' ')}</td>
              <td data-testid="timeline-actor">{t.actor ?? t.provider}</td>
              <td class="muted">{t.eventType}</td>
              <td>{scrubPii(t.summary)}</td>
            </tr>
          ))}
        </table>
        {d.timeline.nextCursor ? (
          <p>
            <a href={`${base}?cursor=${encodeURIComponent(d.timeline.nextCursor)}`}>{l.olderEntries}</a>
          </p>
        ) : null}
      </section>
    </Layout>
  );
}
