import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import type { Complaint } from '../complaints/domain/complaint-types.ts';
import { STATUSES } from '../complaints/domain/complaint-types.ts';
import { computeStats } from '../complaints/domain/stats.ts';
import { scrubPii } from '../platform/masking.ts';
import { CATEGORIES } from '../canonical/canonical.ts';
import { quarantineId } from '../intake/raw-event-store.ts';
import type { OperatorDeps } from './operator-deps.ts';
import type { AppEnv } from './base-app.ts';
import { LABELS, pickLang, type Lang } from './dashboard-i18n.ts';

type L = (typeof LABELS)[Lang];
const TIER_COLOUR = { urgent: '#dc2626', routine: '#2563eb', dispute: '#9333ea' } as const;

function countdown(c: Complaint, now: number, l: L): { text: string; overdue: boolean } {
  const due = Date.parse(c.status === 'under_review' && !c.firstResponseAt ? c.sla.firstResponseDueAt : c.sla.resolutionDueAt);
  const mins = Math.round((due - now) / 60_000);
  const fmt = (m: number) => (Math.abs(m) >= 120 ? `${Math.round(Math.abs(m) / 60)} h` : `${Math.abs(m)} min`);
  return mins >= 0 ? { text: `${l.due} ${fmt(mins)}`, overdue: false } : { text: `${l.overdue} ${fmt(mins)}`, overdue: true };
}

const Bars: FC<{ data: [string, number][]; colour: (k: string) => string; testid: string }> = ({ data, colour, testid }) => {
  const max = Math.max(1, ...data.map(([, v]) => v));
  return (
    <svg width="360" height={data.length * 26 + 4} data-testid={testid} role="img">
      {data.map(([k, v], i) => (
        <g>
          <text x="0" y={i * 26 + 17} font-size="12">{k}</text>
          <rect x="120" y={i * 26 + 4} width={(v / max) * 200} height="18" fill={colour(k)} />
          <text x={126 + (v / max) * 200} y={i * 26 + 17} font-size="12" data-value={String(v)}>{v}</text>
        </g>
      ))}
    </svg>
  );
};

const Line: FC<{ points: { day: string; medianMinutes: number | null }[] }> = ({ points }) => {
  const pts = points.filter((p) => p.medianMinutes !== null) as { day: string; medianMinutes: number }[];
  if (pts.length === 0) return <p>—</p>;
  const max = Math.max(1, ...pts.map((p) => p.medianMinutes));
  const x = (i: number) => 30 + (pts.length === 1 ? 150 : (i / (pts.length - 1)) * 300);
  const y = (v: number) => 130 - (v / max) * 110;
  return (
    <svg width="360" height="160" data-testid="chart-resolution" role="img">
      <polyline fill="none" stroke="#059669" stroke-width="2" points={pts.map((p, i) => `${x(i)},${y(p.medianMinutes)}`).join(' ')} />
      {pts.map((p, i) => (
        <g>
          <circle cx={x(i)} cy={y(p.medianMinutes)} r="3" fill="#059669" />
          <text x={x(i) - 14} y="150" font-size="10">{p.day.slice(5)}</text>
          <text x={x(i) - 8} y={y(p.medianMinutes) - 6} font-size="10">{Math.round(p.medianMinutes)}</text>
        </g>
      ))}
    </svg>
  );
};

/**
 * The operator's view at `/`, server-rendered (Hono JSX, inline SVG charts, no front-end build):
 * the board in the customer-visible lanes with tier colours and SLA countdowns (breached first),
 * open stall alerts with their batch fan-out, quarantine with a replay button, and charts.
 */
export function dashboardRoutes(rt: Pick<OperatorDeps, 'complaints' | 'logistics' | 'deliveries' | 'now'>) {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const lang = pickLang(c.req.query('lang'), c.req.header('accept-language'));
    const l = LABELS[lang];
    const now = rt.now().getTime();
    const [lanes, all, alerts, quarantine] = await Promise.all([
      Promise.all(STATUSES.map(async (s) => [s, (await rt.complaints.list({ status: s }, 60)).items] as const)),
      rt.complaints.all(),
      rt.logistics.alerts.list('open', { limit: 50 }),
      rt.deliveries.records.listQuarantine(20),
    ]);
    const fanouts = await Promise.all(
      alerts.items.map(async (a) => {
        const counts = { queued: 0, sent: 0, failed: 0, skipped: 0 } as Record<string, number>;
        if (a.incidentId) for (const n of (await rt.logistics.notifications.list({ incidentId: a.incidentId }, 500)).items) counts[n.status] = (counts[n.status] ?? 0) + 1;
        return counts;
      }),
    );
    const stats = computeStats(all);
    const ordered = (items: readonly Complaint[]) => [...items].sort((a, b) => Number(b.sla.breached) - Number(a.sla.breached) || Date.parse(a.sla.resolutionDueAt) - Date.parse(b.sla.resolutionDueAt));
    return c.html(
      <html lang={lang === 'zh' ? 'zh-CN' : 'en'}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{l.title}</title>
          <style>{`body{font:13px/1.4 system-ui,sans-serif;margin:0;background:#f8fafc;color:#0f172a}
header{display:flex;justify-content:space-between;align-items:center;padding:.6rem 1rem;background:#0f172a;color:#fff}
header a{color:#cbd5e1;margin-left:.6rem}
main{padding:1rem;display:grid;gap:1rem}
section{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:.8rem}
.lanes{display:grid;grid-template-columns:repeat(5,1fr);gap:.6rem}
.lane h3{margin:.2rem 0 .4rem;font-size:13px}
.card{border-left:4px solid;border-radius:4px;background:#f1f5f9;padding:.35rem .5rem;margin-bottom:.35rem}
.card.breached{background:#fee2e2}
.muted{color:#64748b}.over{color:#b91c1c;font-weight:600}
table{border-collapse:collapse;width:100%}td,th{padding:.25rem .4rem;border-bottom:1px solid #e2e8f0;text-align:left}
.charts{display:grid;grid-template-columns:repeat(3,1fr);gap:1rem}`}</style>
        </head>
        <body>
          <header>
            <strong>{l.title}</strong>
            <span>
              <span data-testid="total">{stats.total}</span> {l.total} · <a href="?lang=zh">中文</a>
              <a href="?lang=en">English</a>
              <a href="/docs">API</a>
            </span>
          </header>
          <main>
            <section>
              <h2>{l.board}</h2>
              <div class="lanes">
                {lanes.map(([status, items]) => (
                  <div class="lane" data-testid={`lane-${status}`} data-count={String(stats.byStatus[status])}>
                    <h3>
                      {l.lanes[status]} <span class="muted">({stats.byStatus[status]})</span>
                    </h3>
                    {ordered(items).map((x) => {
                      const cd = countdown(x, now, l);
                      return (
                        <div class={`card${x.sla.breached ? ' breached' : ''}`} style={`border-color:${TIER_COLOUR[x.tier]}`} data-testid="complaint-card" data-tier={x.tier}>
                          <div>
                            <strong>{l.tiers[x.tier]}</strong> · {l.categories[x.category]}
                          </div>
                          <div class="muted">{x.orderId} · {x.owner ?? '-'}</div>
                          {x.status !== 'completed' ? <div class={cd.overdue ? 'over' : ''}>{x.sla.breached ? `${l.breached} · ` : ''}{cd.text}</div> : null}
                        </div>
                      );
                    })}
                  </div>
                ))}
              </div>
            </section>
            <section data-testid="alerts">
              <h2>{l.alerts} ({alerts.items.length})</h2>
              {alerts.items.length === 0 ? (
                <p class="muted">{l.none}</p>
              ) : (
                <table>
                  {alerts.items.map((a, i) => (
                    <tr data-testid="alert-row">
                      <td>{a.carrier} {a.trackingNumber}</td>
                      <td>{a.orderId}</td>
                      <td>{a.batchId ?? '-'}</td>
                      <td>
                        <strong>{Math.floor((now - Date.parse(a.lastEventAt)) / 3_600_000)}</strong> {l.hoursWithoutUpdate}
                      </td>
                      <td data-testid="fanout">
                        {l.fanout}: {(['queued', 'sent', 'failed', 'skipped'] as const).map((s) => `${l.status[s]} ${fanouts[i]![s] ?? 0}`).join(' · ')}
                      </td>
                    </tr>
                  ))}
                </table>
              )}
            </section>
            <section data-testid="quarantine">
              <h2>{l.quarantine} ({quarantine.items.length})</h2>
              {quarantine.items.length === 0 ? (
                <p class="muted">{l.none}</p>
              ) : (
                <table>
                  {quarantine.items.map((q) => (
                    <tr data-testid="quarantine-row">
                      <td>{q.provider}</td>
                      <td>{q.deliveryId}</td>
                      <td class="muted">{scrubPii(q.quarantineReason ?? '')}</td>
                      <td>
                        <button type="button" data-replay={quarantineId(q.provider, q.deliveryId)}>{l.replay}</button>
                      </td>
                    </tr>
                  ))}
                </table>
              )}
            </section>
            <section class="charts">
              <div>
                <h3>{l.byCategory}</h3>
                <Bars testid="chart-category" data={CATEGORIES.map((k) => [l.categories[k], stats.byCategory[k]] as [string, number])} colour={() => '#0ea5e9'} />
              </div>
              <div>
                <h3>{l.byTier}</h3>
                <Bars testid="chart-tier" data={(['urgent', 'routine', 'dispute'] as const).map((k) => [l.tiers[k], stats.byTier[k]] as [string, number])} colour={(k) => (k === l.tiers.urgent ? TIER_COLOUR.urgent : k === l.tiers.routine ? TIER_COLOUR.routine : TIER_COLOUR.dispute)} />
              </div>
              <div>
                <h3>{l.resolution}</h3>
                <Line points={stats.resolutionByDay} />
              </div>
            </section>
          </main>
          <script dangerouslySetInnerHTML={{ __html: `document.addEventListener('click',async(e)=>{const b=e.target.closest('[data-replay]');if(!b)return;b.disabled=true;
const r=await fetch('/quarantine/'+b.dataset.replay+'/replay',{method:'POST',credentials:'same-origin'});b.textContent=r.status===202?'✓':'✗ '+r.status;b.dataset.result=String(r.status);});` }} />
        </body>
      </html>,
    );
  });
  return app;
}
