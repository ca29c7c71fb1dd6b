import { get } from '../api.ts';
import { money, when } from '../format.ts';
import { useData } from '../use-data.ts';

const STATUSES = ['active', 'trialing', 'past_due', 'unpaid', 'paused', 'incomplete', 'canceled'];
interface Row {
  id: string;
  customer: string | null;
  plan_key: string | null;
  status: string;
  currency: string;
  amount: number;
  current_period_end: string | null;
  cancel_at_period_end: boolean;
  past_due_since: string | null;
}

export function SubscriptionsPage({ query }: { query: URLSearchParams }) {
  const status = query.get('status') ?? '';
  const { data, error } = useData(() => get<{ data: Row[] }>('subscriptions', { status, limit: '100' }), [status]);
  return (
    <>
      <h1>Subscriptions</h1>
      <nav className="filters" aria-label="Status">
        <a href="#/subscriptions" aria-current={status === '' ? 'page' : undefined}>
          All
        </a>
        {STATUSES.map((s) => (
          <a key={s} href={`#/subscriptions?status=${s}`} aria-current={status === s ? 'page' : undefined}>
            {s}
          </a>
        ))}
      </nav>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {!data ? (
        <p className="muted">Loading…</p>
      ) : data.data.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <div className="scroll">
          <table>
            <thead>
              <tr>
                <th>Subscription</th>
                <th>Customer</th>
                <th>Plan</th>
                <th>Status</th>
                <th className="num">Amount</th>
                <th>Period ends</th>
              </tr>
            </thead>
            <tbody>
              {data.data.map((s) => (
                <tr key={s.id} className={s.status === 'past_due' || s.status === 'unpaid' ? 'attention' : ''}>
                  <td>
                    <code>{s.id}</code>
                  </td>
                  <td>{s.customer ? <a href={`#/customers/${encodeURIComponent(s.customer)}`}>{s.customer}</a> : '—'}</td>
                  <td>{s.plan_key ?? '—'}</td>
                  <td>
                    <span className={`status ${s.status}`}>{s.status}</span>
                    {s.past_due_since ? <span className="sub"> since {when(s.past_due_since)}</span> : null}
                    {s.cancel_at_period_end ? <span className="sub"> · cancels at period end</span> : null}
                  </td>
                  <td className="num">{money(s.amount, s.currency)}</td>
                  <td>{when(s.current_period_end)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
