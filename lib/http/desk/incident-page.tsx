import type { StallAlert } from '../../logistics/alert-types.ts';
import type { NotificationRecord } from '../../notifications/notification-types.ts';
import { roleAllows } from '../../operators/operator-types.ts';
import { scrubPii } from '../../platform/masking.ts';
import { Csrf, Layout, type L, type PageFrame } from './layout.tsx';

/** One stall incident: its alert(s), every order of the batch and how its notification went, with a retry for the failed ones. */
export function incidentPage(f: PageFrame & { l: L }, d: { incidentId: string; alerts: StallAlert[]; notifications: NotificationRecord[]; retried?: string; now: number }) {
  const { l } = f;
  const canRetry = f.operator ? roleAllows(f.operator.role, 'agent') : false;
  const batch = d.alerts[0]?.batchId ?? d.notifications[0]?.batchId;
  return (
    <Layout {...f} title={`${l.incident} ${batch ?? d.incidentId} — ${l.title}`}>
      <p>
        <a href="/">← {l.back}</a>
      </p>
      <section data-testid="incident">
        <h2>
          {l.incident} · {batch ?? '-'} <span class="muted">{d.incidentId}</span>
        </h2>
        {d.alerts.map((a) => (
          <p>
            {a.carrier} {a.trackingNumber} · {l.order} {a.orderId} · <strong>{Math.floor((d.now - Date.parse(a.lastEventAt)) / 3_600_000)}</strong> {l.hoursWithoutUpdate}
          </p>
        ))}
        {d.retried ? (
          <p class="revealed" data-testid="retried">
            {l.retried}: {d.retried}
          </p>
        ) : null}
      </section>
      <section>
        <h3>{l.notifications}</h3>
        <table>
          <tr>
            <th>{l.order}</th>
            <th>{l.channel}</th>
            <th>{l.recipient}</th>
            <th>{l.state}</th>
            <th>{l.reason}</th>
            <th></th>
          </tr>
          {d.notifications.map((n) => {
            const status = n.status === 'sending' ? 'queued' : n.status;
            return (
              <tr data-testid="notification-row" data-order={n.orderId} data-status={status}>
                <td>{n.orderId}</td>
                <td>{n.channel}</td>
                <td>{n.recipient ?? ''}</td>
                <td data-testid="notification-status">{l.status[status]}</td>
                <td class="muted">{n.reason ? scrubPii(n.reason) : ''}</td>
                <td>
                  {status === 'failed' && canRetry ? (
                    <form method="post" action={`/desk/incidents/${encodeURIComponent(d.incidentId)}/retry`}>
                      <Csrf token={f.csrf} />
                      <input type="hidden" name="orderId" value={n.orderId} />
                      <button type="submit" data-testid="retry">{l.retry}</button>
                    </form>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </table>
      </section>
    </Layout>
  );
}
