import { useState } from 'react';
import { get } from '../api.ts';
import { when } from '../format.ts';
import { useData } from '../use-data.ts';

interface Top {
  customer: string;
  feature: string;
  window_key: string;
  used: number;
  included: number | null;
  window_end: string;
}

export function UsagePage({ query }: { query: URLSearchParams }) {
  const feature = query.get('feature') ?? '';
  const window = query.get('window') ?? '';
  const [f, setF] = useState(feature);
  const [w, setW] = useState(window);
  const { data, error } = useData(() => get<{ data: Top[] }>('admin/usage/top', { feature, window, limit: '50' }), [feature, window]);
  return (
    <>
      <h1>Usage explorer</h1>
      <form
        className="search"
        onSubmit={(e) => {
          e.preventDefault();
          location.hash = `#/usage?feature=${encodeURIComponent(f)}&window=${encodeURIComponent(w)}`;
        }}
      >
        <div className="row">
          <label htmlFor="feature">Feature</label>
          <input id="feature" value={f} onChange={(e) => setF(e.target.value)} placeholder="all" />
          <label htmlFor="window">Window</label>
          <select id="window" value={w} onChange={(e) => setW(e.target.value)}>
            <option value="">any</option>
            <option value="day">day</option>
            <option value="month">month</option>
            <option value="period">billing period</option>
          </select>
          <button type="submit">Show</button>
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
        <p className="muted">No usage in the open windows.</p>
      ) : (
        <div className="scroll">
          <table>
            <thead>
              <tr>
                <th>Customer</th>
                <th>Feature</th>
                <th>Window</th>
                <th className="num">Used</th>
                <th className="num">Included</th>
                <th>Resets</th>
              </tr>
            </thead>
            <tbody>
              {data.data.map((t) => (
                <tr key={`${t.customer}-${t.feature}-${t.window_key}`} className={t.included !== null && t.used >= t.included ? 'attention' : ''}>
                  <td>
                    <a href={`#/customers/${encodeURIComponent(t.customer)}`}>{t.customer}</a>
                  </td>
                  <td>{t.feature}</td>
                  <td>
                    <code>{t.window_key}</code>
                  </td>
                  <td className="num">{t.used.toLocaleString('en-US')}</td>
                  <td className="num">{t.included === null ? '∞' : t.included.toLocaleString('en-US')}</td>
                  <td>{when(t.window_end)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
