import { useState } from 'react';
import { get } from '../api.ts';
import { when } from '../format.ts';
import { codeColumn, CustomerLink, FilterForm, Listing } from '../listing.tsx';
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
  const list = useData(() => get<{ data: Top[] }>('admin/usage/top', { feature, window, limit: '50' }), [feature, window]);
  return (
    <>
      <h1>Usage explorer</h1>
      <FilterForm submit="Show" target={() => `#/usage?feature=${encodeURIComponent(f)}&window=${encodeURIComponent(w)}`}>
        <label htmlFor="feature">Feature</label>
        <input id="feature" value={f} onChange={(e) => setF(e.target.value)} placeholder="all" />
        <label htmlFor="window">Window</label>
        <select id="window" value={w} onChange={(e) => setW(e.target.value)}>
          <option value="">any</option>
          <option value="day">day</option>
          <option value="month">month</option>
          <option value="period">billing period</option>
        </select>
      </FilterForm>
      <Listing
        source={list}
        empty="No usage in the open windows."
        rowKey={(t) => `${t.customer}-${t.feature}-${t.window_key}`}
        attention={(t) => t.included !== null && t.used >= t.included}
        columns={[
          { header: 'Customer', cell: (t) => <CustomerLink id={t.customer} /> },
          { header: 'Feature', cell: (t) => t.feature },
          codeColumn('Window', (t: Top) => t.window_key),
          { header: 'Used', num: true, cell: (t) => t.used.toLocaleString('en-US') },
          { header: 'Included', num: true, cell: (t) => (t.included === null ? '∞' : t.included.toLocaleString('en-US')) },
          { header: 'Resets', cell: (t) => when(t.window_end) },
        ]}
      />
    </>
  );
}
