import { get } from '../api.ts';
import { type ChartDay, MrrChart } from '../chart.tsx';
import { count, money, percent, when } from '../format.ts';
import { useData } from '../use-data.ts';

interface Overview {
  mrr: { currency: string; mrr: number; arr: number; subscriptions: number }[];
  history: { from: string; to: string; series: { currency: string; days: (ChartDay & { subscribers: number })[] }[] };
  last_month: { currency: string; churned: number; churn: number; nrr: number | null; subscribers_start: number; new: number }[];
  subscriptions: { plan_key: string | null; status: string; count: number }[];
  events: { id: string; type: string; received_at: string; processed_at: string | null; error: string | null }[];
}

export function OverviewPage() {
  const { data, error } = useData(() => get<Overview>('admin/overview'), []);
  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  if (!data) return <p className="muted">Loading…</p>;
  const currencies = data.mrr.length > 0 ? data.mrr : [{ currency: data.history.series[0]?.currency ?? 'usd', mrr: 0, arr: 0, subscriptions: 0 }];
  return (
    <>
      <h1>Overview</h1>
      {currencies.map((figure) => {
        const month = data.last_month.find((m) => m.currency === figure.currency);
        const series = data.history.series.find((s) => s.currency === figure.currency);
        return (
          <section key={figure.currency} aria-label={`Revenue in ${figure.currency.toUpperCase()}`}>
            <div className="cards">
              <div className="card">
                <span className="label">MRR</span>
                <strong data-testid={`mrr-${figure.currency}`}>{money(figure.mrr, figure.currency)}</strong>
              </div>
              <div className="card">
                <span className="label">ARR</span>
                <strong>{money(figure.arr, figure.currency)}</strong>
              </div>
              <div className="card">
                <span className="label">Paying subscriptions</span>
                <strong>{count(figure.subscriptions)}</strong>
              </div>
              <div className="card">
                <span className="label">Churned, 30 days</span>
                <strong>{count(month?.churned ?? 0)}</strong>
                <span className="sub">
                  {month && month.subscribers_start > 0 ? `${percent(month.churned / month.subscribers_start)} of ${count(month.subscribers_start)}` : '—'}
                </span>
              </div>
              <div className="card">
                <span className="label">Net revenue retention, 30 days</span>
                <strong>{percent(month?.nrr ?? null)}</strong>
              </div>
            </div>
            <h2>
              MRR, last {series?.days.length ?? 0} days ({figure.currency.toUpperCase()})
            </h2>
            <MrrChart days={series?.days ?? []} currency={figure.currency} />
          </section>
        );
      })}
      <div className="two">
        <section>
          <h2>Subscriptions</h2>
          <table>
            <thead>
              <tr>
                <th>Plan</th>
                <th>Status</th>
                <th className="num">Count</th>
              </tr>
            </thead>
            <tbody>
              {data.subscriptions.map((s) => (
                <tr key={`${s.plan_key}-${s.status}`}>
                  <td>{s.plan_key ?? '—'}</td>
                  <td>
                    <a href={`#/subscriptions?status=${s.status}`}>
                      <span className={`status ${s.status}`}>{s.status}</span>
                    </a>
                  </td>
                  <td className="num">{count(s.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section>
          <h2>Last events</h2>
          <ul className="events">
            {data.events.map((e) => (
              <li key={e.id}>
                <span className={e.error ? 'status failed' : e.processed_at ? 'status ok' : 'status pending'}>
                  {e.error ? 'failed' : e.processed_at ? 'ok' : 'pending'}
                </span>{' '}
                <code>{e.type}</code> <span className="muted">{when(e.received_at)}</span>
              </li>
            ))}
            {data.events.length === 0 ? <li className="muted">No events yet.</li> : null}
          </ul>
          <a href="#/events">All events →</a>
        </section>
      </div>
    </>
  );
}
