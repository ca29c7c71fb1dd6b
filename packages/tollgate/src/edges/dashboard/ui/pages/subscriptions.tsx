import { get } from '../api.ts';
import { money, when } from '../format.ts';
import { codeColumn, CustomerLink, FilterLinks, Listing, Status } from '../listing.tsx';
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
  const list = useData(() => get<{ data: Row[] }>('subscriptions', { status, limit: '100' }), [status]);
  return (
    <>
      <h1>Subscriptions</h1>
      <FilterLinks label="Status" base="#/subscriptions" param="status" values={STATUSES} current={status} />
      <Listing
        source={list}
        empty="None."
        rowKey={(s) => s.id}
        attention={(s) => s.status === 'past_due' || s.status === 'unpaid'}
        columns={[
          codeColumn('Subscription', (s: Row) => s.id),
          { header: 'Customer', cell: (s) => <CustomerLink id={s.customer} /> },
          { header: 'Plan', cell: (s) => s.plan_key ?? '—' },
          {
            header: 'Status',
            cell: (s) => (
              <>
                <Status value={s.status} />
                {s.past_due_since ? <span className="sub"> since {when(s.past_due_since)}</span> : null}
                {s.cancel_at_period_end ? <span className="sub"> · cancels at period end</span> : null}
              </>
            ),
          },
          { header: 'Amount', num: true, cell: (s) => money(s.amount, s.currency) },
          { header: 'Period ends', cell: (s) => when(s.current_period_end) },
        ]}
      />
    </>
  );
}
