import { useState } from 'react';
import { get } from '../api.ts';
import { money, when } from '../format.ts';
import { useData } from '../use-data.ts';

interface Listing {
  id: string;
  external_id: string | null;
  email: string | null;
  stripe_customer_id: string | null;
  plan_key: string | null;
  status: string | null;
  currency: string | null;
  mrr: number;
  created_at: string;
}

export function CustomersPage({ query }: { query: URLSearchParams }) {
  const q = query.get('q') ?? '';
  const [text, setText] = useState(q);
  const { data, error } = useData(() => get<{ data: Listing[] }>('admin/customer-search', { q }), [q]);
  return (
    <>
      <h1>Customers</h1>
      <form
        className="search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          window.location.hash = `#/customers?q=${encodeURIComponent(text.trim())}`;
        }}
      >
        <label htmlFor="customer-search">Search by app id, email or Stripe id</label>
        <div className="row">
          <input id="customer-search" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="user_123, ada@example.com, cus_…" />
          <button type="submit">Search</button>
        </div>
      </form>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {!data ? (
        <p className="muted">Loading…</p>
      ) : data.data.length === 0 ? (
        <p className="muted">No customer matches.</p>
      ) : (
        <div className="scroll">
          <table>
            <thead>
              <tr>
                <th>Customer</th>
                <th>Email</th>
                <th>Plan</th>
                <th>Status</th>
                <th className="num">MRR</th>
                <th>Stripe</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {data.data.map((c) => (
                <tr key={c.id}>
                  <td>
                    {c.external_id ? <a href={`#/customers/${encodeURIComponent(c.external_id)}`}>{c.external_id}</a> : <span className="muted">{c.id}</span>}
                  </td>
                  <td>{c.email ?? '—'}</td>
                  <td>{c.plan_key ?? '—'}</td>
                  <td>{c.status ? <span className={`status ${c.status}`}>{c.status}</span> : '—'}</td>
                  <td className="num">{c.currency ? money(c.mrr, c.currency) : '—'}</td>
                  <td>
                    <code>{c.stripe_customer_id ?? '—'}</code>
                  </td>
                  <td>{when(c.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
