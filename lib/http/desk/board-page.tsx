import type { FC } from 'hono/jsx';
import { CATEGORIES } from '../../canonical/canonical.ts';
import type { Complaint } from '../../complaints/domain/complaint-types.ts';
import { STATUSES, TIERS } from '../../complaints/domain/complaint-types.ts';
import type { Stats } from '../../complaints/domain/stats.ts';
import { quarantineId, type RawEventRecord } from '../../intake/raw-event-store.ts';
import type { StallAlert } from '../../logistics/alert-types.ts';
import { scrubPii } from '../../platform/masking.ts';
import type { QualityAlert } from '../operator-deps.ts';
import { Countdown, Layout, type L, type PageFrame } from './layout.tsx';

export const TIER_COLOUR = { urgent: '#dc2626', routine: '#2563eb', dispute: '#9333ea' } as const;

export interface BoardData {
  now: number;
  stats: Stats;
  lanes: (readonly [Complaint['status'], Complaint[]])[];
  alerts: StallAlert[];
  fanouts: Record<string, number>[];
  quarantine: RawEventRecord[];
  quality: QualityAlert[];
  /** The filtered listing, when a filter or an order search was given. */
  results?: { items: Complaint[]; nextHref?: string; csvHref: string };
  query: Record<string, string>;
}

/** Which clock a card counts down: first response while nobody answered, then resolution. */
const dueOf = (c: Complaint) => (c.status === 'under_review' && !c.firstResponseAt ? c.sla.firstResponseDueAt : c.sla.resolutionDueAt);

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

const Select: FC<{ name: string; label: string; options: readonly string[]; names: Record<string, string>; value?: string; any: string }> = (p) => (
  <label>
    {p.label}
    <select name={p.name} data-testid={`filter-${p.name}`}>
      <option value="">{p.any}</option>
      {p.options.map((o) => (
        <option value={o} selected={p.value === o}>
          {p.names[o] ?? o}
        </option>
      ))}
    </select>
  </label>
);

/** GET works without JavaScript: the filters are a plain GET form, paging a plain link. */
const Filters: FC<{ l: L; q: Record<string, string> }> = ({ l, q }) => (
  <form method="get" action="/" class="filters" data-testid="filters">
    <label>
      {l.orderSearch}
      <input type="search" name="orderId" value={q.orderId ?? ''} data-testid="order-search" />
    </label>
    <Select name="status" label={l.fStatus} options={STATUSES} names={l.lanes} value={q.status} any={l.any} />
    <Select name="tier" label={l.fTier} options={TIERS} names={l.tiers} value={q.tier} any={l.any} />
    <Select name="category" label={l.fCategory} options={CATEGORIES} names={l.categories} value={q.category} any={l.any} />
    <label>
      {l.fOwner}
      <input name="owner" value={q.owner ?? ''} size={10} data-testid="filter-owner" />
    </label>
    <label>
      {l.fPlatform}
      <input name="platform" value={q.platform ?? ''} size={10} data-testid="filter-platform" />
    </label>
    <label>
      <span>
        <input type="checkbox" name="breached" value="true" checked={q.breached === 'true'} data-testid="filter-breached" /> {l.fBreached}
      </span>
    </label>
    <button type="submit" data-testid="apply-filters">{l.apply}</button>
    <a href="/">{l.clear}</a>
  </form>
);

const Results: FC<{ l: L; now: number; r: NonNullable<BoardData['results']> }> = ({ l, now, r }) => (
  <section data-testid="results">
    <h2>
      {l.results} ({r.items.length}) <a href={r.csvHref} data-testid="export-csv">{l.exportCsv}</a>
    </h2>
    <table>
      <tr>
        <th>{l.order}</th>
        <th>{l.fTier}</th>
        <th>{l.fCategory}</th>
        <th>{l.fStatus}</th>
        <th>{l.owner}</th>
        <th>{l.customer}</th>
        <th>SLA</th>
      </tr>
      {r.items.map((x) => (
        <tr data-testid="result-row" data-id={x.id}>
          <td>
            <a href={`/desk/complaints/${encodeURIComponent(x.id)}`}>{x.orderId}</a>
          </td>
          <td>{l.tiers[x.tier]}</td>
          <td>{l.categories[x.category]}</td>
          <td>{l.lanes[x.status]}</td>
          <td>{x.owner ?? '-'}</td>
          <td>{x.customer.name ?? ''}</td>
          <td>{x.status === 'completed' ? '' : <Countdown due={dueOf(x)} now={now} l={l} />}{x.sla.breached ? ` · ${l.breached}` : ''}</td>
        </tr>
      ))}
    </table>
    {r.nextHref ? (
      <p>
        <a href={r.nextHref} data-testid="next-page">{l.nextPage}</a>
      </p>
    ) : null}
  </section>
);

/**
 * The board at `/`: filters and order search, the customer-visible lanes with tier colours and
 * live SLA countdowns (breached first), stall alerts linking to their incident, quality alerts,
 * quarantine with a replay button, and charts.
 */
export function boardPage(f: PageFrame & { l: L }, d: BoardData) {
  const { l } = f;
  const ordered = (items: readonly Complaint[]) => [...items].sort((a, b) => Number(b.sla.breached) - Number(a.sla.breached) || Date.parse(a.sla.resolutionDueAt) - Date.parse(b.sla.resolutionDueAt));
  return (
    <Layout {...f} title={l.title}>
      <section>
        <h2>
          {l.filters} · <span data-testid="total">{d.stats.total}</span> {l.total}
        </h2>
        <Filters l={l} q={d.query} />
      </section>
      {d.results ? <Results l={l} now={d.now} r={d.results} /> : null}
      <section>
        <h2>{l.board}</h2>
        <div class="lanes">
          {d.lanes.map(([status, items]) => (
            <div class="lane" data-testid={`lane-${status}`} data-count={String(d.stats.byStatus[status])}>
              <h3>
                {l.lanes[status]} <span class="muted">({d.stats.byStatus[status]})</span>
              </h3>
              {ordered(items).map((x) => (
                <div class={`card${x.sla.breached ? ' breached' : ''}`} style={`border-color:${TIER_COLOUR[x.tier]}`} data-testid="complaint-card" data-tier={x.tier} data-id={x.id}>
                  <a href={`/desk/complaints/${encodeURIComponent(x.id)}`}>
                    <strong>{l.tiers[x.tier]}</strong> · {l.categories[x.category]}
                  </a>
                  <div class="muted">
                    {x.orderId} · {x.owner ?? '-'}
                  </div>
                  {x.status !== 'completed' ? (
                    <div>
                      {x.sla.breached ? `${l.breached} · ` : ''}
                      <Countdown due={dueOf(x)} now={d.now} l={l} />
                    </div>
                  ) : null}
                </div>
              ))}
            </div>
          ))}
        </div>
      </section>
      <section data-testid="alerts">
        <h2>
          {l.alerts} ({d.alerts.length})
        </h2>
        {d.alerts.length === 0 ? (
          <p class="muted">{l.none}</p>
        ) : (
          <table>
            {d.alerts.map((a, i) => (
              <tr data-testid="alert-row">
                <td>
                  {a.carrier} {a.trackingNumber}
                </td>
                <td>{a.orderId}</td>
                <td>{a.batchId ?? '-'}</td>
                <td>
                  <strong>{Math.floor((d.now - Date.parse(a.lastEventAt)) / 3_600_000)}</strong> {l.hoursWithoutUpdate}
                </td>
                <td data-testid="fanout">
                  {l.fanout}: {(['queued', 'sent', 'failed', 'skipped'] as const).map((s) => `${l.status[s]} ${d.fanouts[i]![s] ?? 0}`).join(' · ')}
                </td>
                <td>{a.incidentId ? <a href={`/desk/incidents/${encodeURIComponent(a.incidentId)}`} data-testid="incident-link">{l.incident}</a> : null}</td>
              </tr>
            ))}
          </table>
        )}
      </section>
      <section data-testid="quality-alerts">
        <h2>
          {l.qualityAlerts} ({d.quality.length})
        </h2>
        {d.quality.length === 0 ? (
          <p class="muted">{l.none}</p>
        ) : (
          <table>
            {d.quality.map((q) => (
              <tr data-testid="quality-row">
                <td>{[q.sku, q.batchId].filter(Boolean).join(' / ')}</td>
                <td>{l.categories[q.category as keyof L['categories']] ?? q.category}</td>
                <td>
                  {q.count} {l.count} · {q.windowDays} d
                </td>
                <td>{q.detectedAt.slice(0, 16).replace('T', ' ')}</td>
              </tr>
            ))}
          </table>
        )}
      </section>
      <section data-testid="quarantine">
        <h2>
          {l.quarantine} ({d.quarantine.length})
        </h2>
        {d.quarantine.length === 0 ? (
          <p class="muted">{l.none}</p>
        ) : (
          <table>
            {d.quarantine.map((q) => (
              <tr data-testid="quarantine-row">
                <td>{q.provider}</td>
                <td>{q.deliveryId}</td>
                <td class="muted">{scrubPii(q.quarantineReason ?? '')}</td>
                <td>
                  {f.operator?.role === 'admin' ? (
                    <button type="button" data-replay={quarantineId(q.provider, q.deliveryId)}>
                      {l.replay}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </table>
        )}
      </section>
      <section class="charts">
        <div>
          <h3>{l.byCategory}</h3>
          <Bars testid="chart-category" data={CATEGORIES.map((k) => [l.categories[k], d.stats.byCategory[k]] as [string, number])} colour={() => '#0ea5e9'} />
        </div>
        <div>
          <h3>{l.byTier}</h3>
          <Bars
            testid="chart-tier"
            data={TIERS.map((k) => [l.tiers[k], d.stats.byTier[k]] as [string, number])}
            colour={(k) => (k === l.tiers.urgent ? TIER_COLOUR.urgent : k === l.tiers.routine ? TIER_COLOUR.routine : TIER_COLOUR.dispute)}
          />
        </div>
        <div>
          <h3>{l.resolution}</h3>
          <Line points={d.stats.resolutionByDay} />
        </div>
      </section>
    </Layout>
  );
}
