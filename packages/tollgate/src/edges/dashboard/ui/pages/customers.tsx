import { useState } from 'react';
import { get } from '../api.ts';
import { money, when } from '../format.ts';
import { codeColumn, CustomerLink, FilterForm, Listing, Status } from '../listing.tsx';
import { useData } from '../use-data.ts';

interface Listed {
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
  const list = useData(() => get<{ data: Listed[] }>('admin/customer-search', { q }), [q]);
  return (
    <>
      <h1>Customers</h1>
      <FilterForm
        search
        submit="Search"
        target={() => `#/customers?q=${encodeURIComponent(text.trim())}`}
        label={<label htmlFor="customer-search">Search by app id, email or Stripe id</label>}
      >
        <input id="customer-search" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="user_123, ada@example.com, cus_…" />
      </FilterForm>
      <Listing
        source={list}
        empty="No customer matches."
        rowKey={(c) => c.id}
        columns={[
          { header: 'Customer', cell: (c) => (c.external_id ? <CustomerLink id={c.external_id} /> : <span className="muted">{c.id}</span>) },
          { header: 'Email', cell: (c) => c.email ?? '—' },
          { header: 'Plan', cell: (c) => c.plan_key ?? '—' },
          { header: 'Status', cell: (c) => (c.status ? <Status value={c.status} /> : '—') },
          { header: 'MRR', num: true, cell: (c) => (c.currency ? money(c.mrr, c.currency) : '—') },
          codeColumn('Stripe', (c: Listed) => c.stripe_customer_id),
          { header: 'Created', cell: (c) => when(c.created_at) },
        ]}
      />
    </>
  );
}
