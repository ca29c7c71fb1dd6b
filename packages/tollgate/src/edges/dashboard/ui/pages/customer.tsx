import { useState } from 'react';
import { get, post } from '../api.ts';
import { ConfirmAction } from '../confirm.tsx';
import { money, when } from '../format.ts';
import { PlainList, Status } from '../listing.tsx';
import { useData } from '../use-data.ts';

interface Subscription {
  id: string;
  plan_key: string | null;
  status: string;
  interval: string | null;
  currency: string;
  amount: number;
  current_period_end: string | null;
  cancel_at_period_end: boolean;
  schedule: string | null;
  scheduled_change: { kind: 'plan_change' | 'cancel'; plan_key: string | null; interval: string | null; at: string; schedule_id: string | null } | null;
}
interface Feature {
  feature: string;
  type: string | null;
  limit: number | null;
  used: number;
  unlimited: boolean;
  resets_at: string | null;
}
interface Detail {
  customer: { external_id: string; email: string | null; name: string | null; stripe_customer_id: string | null };
  subscriptions: Subscription[];
  usage: { plan: string | null; features: Feature[] } | null;
  credits: { system: string; name: string | null; balance: number; unit: string | null }[];
  licenses: { id: string; status: string; plan_key: string | null; product_key: string | null }[];
  invoices: {
    id: string;
    number: string | null;
    status: string | null;
    currency: string;
    total: number;
    created_at: string;
    hosted_invoice_url: string | null;
  }[];
  payment_methods: { id: string; brand: string | null; last4: string | null; exp_month: number | null; exp_year: number | null; is_default: boolean }[];
  timeline: { at: string; kind: 'event' | 'hook' | 'delivery' | 'mrr'; type: string; detail: string; status: string | null; error: string | null }[];
}
interface Preview {
  amount_due_formatted: string;
  proration_amount_formatted?: string;
  direction?: string;
  effective?: string;
  lines: { description: string | null; amount_formatted: string }[];
}

const LIVE = new Set(['active', 'trialing', 'past_due', 'unpaid', 'paused']);
const KIND = { event: 'Stripe event', hook: 'Hook', delivery: 'Delivery', mrr: 'MRR' } as const;
const TONE: Record<string, string> = { processed: 'ok', delivered: 'ok', failed: 'failed', retrying: 'pending', pending: 'pending' };

export function CustomerPage({ id }: { id: string }) {
  const { data, error, reload } = useData(() => get<Detail>(`admin/customers/${encodeURIComponent(id)}/overview`), [id]);
  const plans = useData(() => get<{ data: { key: string; name: string; custom: boolean; prices: { interval: string }[] }[] }>('plans'), []);
  const [plan, setPlan] = useState('');
  const [timing, setTiming] = useState<'auto' | 'now' | 'period_end'>('auto');
  const [credits, setCredits] = useState('100');
  if (error)
    return (
      <>
        <h1>Customer {id}</h1>
        <p className="error" role="alert">
          {error}
        </p>
      </>
    );
  if (!data) return <p className="muted">Loading…</p>;
  const c = data.customer;
  const live = data.subscriptions.find((s) => LIVE.has(s.status));
  const customer = c.external_id;
  const choices = (plans.data?.data ?? []).filter((p) => !p.custom && p.prices.length > 0 && p.key !== live?.plan_key);
  return (
    <>
      <h1>{customer}</h1>
      <p className="muted">{[c.name, c.email, c.stripe_customer_id].filter(Boolean).join(' · ')}</p>
      <section>
        <h2>Subscription</h2>
        {data.subscriptions.length === 0 ? (
          <p className="muted">No subscription (on the default plan).</p>
        ) : (
          <div className="scroll">
            <table>
              <thead>
                <tr>
                  <th>Subscription</th>
                  <th>Plan</th>
                  <th>Status</th>
                  <th className="num">Amount</th>
                  <th>Period ends</th>
                  <th>Schedule</th>
                </tr>
              </thead>
              <tbody>
                {data.subscriptions.map((s) => (
                  <tr key={s.id} className={s.status === 'past_due' ? 'attention' : ''}>
                    <td>
                      <code>{s.id}</code>
                    </td>
                    <td>
                      {s.plan_key ?? '—'} {s.interval ? <span className="sub">/ {s.interval}</span> : null}
                    </td>
                    <td>
                      <span className={`status ${s.status}`}>{s.status}</span>
                      {s.cancel_at_period_end ? <span className="sub"> · cancels at period end</span> : null}
                    </td>
                    <td className="num">{money(s.amount, s.currency)}</td>
                    <td>{when(s.current_period_end)}</td>
                    <td>
                      <ScheduledChange subscription={s} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {live ? (
          <div className="actions">
            {live.cancel_at_period_end ? (
              <ConfirmAction
                label="Resume"
                title="Resume the subscription?"
                describe={() => `The cancelation at period end is undone; ${customer} keeps ${live.plan_key ?? 'the plan'} and is billed as before.`}
                run={() => post('subscription/resume', { customer })}
                done={reload}
              />
            ) : (
              <ConfirmAction
                label="Cancel at period end"
                title="Cancel at period end?"
                describe={() => `${customer} keeps ${live.plan_key ?? 'the plan'} until ${when(live.current_period_end)}, then the subscription ends.`}
                run={() => post('subscription/cancel', { customer })}
                done={reload}
              />
            )}
            <ConfirmAction
              label="Cancel now"
              danger
              title="Cancel now?"
              describe={() => `The subscription ends immediately and ${customer} falls back to the default plan. This cannot be undone.`}
              run={() => post('subscription/cancel', { customer, at_period_end: false })}
              done={reload}
            />
            {choices.length > 0 ? (
              <span className="inline">
                <label htmlFor="plan">Change plan to</label>
                <select id="plan" value={plan} onChange={(e) => setPlan(e.target.value)}>
                  <option value="">choose…</option>
                  {choices.map((p) => (
                    <option key={p.key} value={p.key}>
                      {p.name}
                    </option>
                  ))}
                </select>
                {plan ? (
                  <>
                    <label htmlFor="plan-when" title="automatic: an upgrade now with proration, a downgrade at the end of the period">
                      when
                    </label>
                    <select id="plan-when" value={timing} onChange={(e) => setTiming(e.target.value as typeof timing)}>
                      <option value="auto">automatic</option>
                      <option value="now">now, prorated</option>
                      <option value="period_end">at period end</option>
                    </select>
                    <ConfirmAction
                      label="Preview change"
                      title={`Change ${customer} to ${plan}?`}
                      describe={async () => {
                        const p = await post<Preview>('subscription/change/preview', { customer, plan, when: timing });
                        return (
                          <>
                            <p>
                              {p.effective === 'period_end' ? (
                                <>
                                  A {p.direction ?? 'change'} at the end of the period ({when(live.current_period_end)}): the renewal invoice comes to{' '}
                                  <strong>{p.amount_due_formatted}</strong>.
                                </>
                              ) : (
                                <>
                                  A {p.direction ?? 'change'} now. Prorated preview: <strong>{p.amount_due_formatted}</strong> due now
                                  {p.proration_amount_formatted ? <> (proration {p.proration_amount_formatted})</> : null}.
                                </>
                              )}
                            </p>
                            <ul>
                              {p.lines.map((l, i) => (
                                <li key={i}>
                                  {l.description ?? 'line'}: {l.amount_formatted}
                                </li>
                              ))}
                            </ul>
                          </>
                        );
                      }}
                      run={() => post('subscription/change', { customer, plan, when: timing })}
                      done={() => {
                        setPlan('');
                        reload();
                      }}
                    />
                  </>
                ) : null}
              </span>
            ) : null}
          </div>
        ) : null}
      </section>
      <section>
        <h2>Usage {data.usage?.plan ? <span className="sub">on {data.usage.plan}</span> : null}</h2>
        {(data.usage?.features ?? []).length === 0 ? (
          <p className="muted">No metered features.</p>
        ) : (
          <ul className="meters">
            {data.usage?.features.map((f) => {
              const ratio = f.unlimited || !f.limit ? 0 : Math.min(1, f.used / f.limit);
              return (
                <li key={f.feature}>
                  <span className="meter-label">{f.feature}</span>
                  <span className="meter-value">
                    {f.used.toLocaleString('en-US')} / {f.unlimited ? '∞' : (f.limit ?? 0).toLocaleString('en-US')}
                  </span>
                  <progress value={ratio} max={1} aria-label={`${f.feature} used`} className={ratio >= 1 ? 'full' : ratio >= 0.8 ? 'high' : ''} />
                  {f.resets_at ? <span className="sub">resets {when(f.resets_at)}</span> : null}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <div className="two">
        <section>
          <h2>Credits</h2>
          {data.credits.length === 0 ? (
            <p className="muted">No credit systems in the config.</p>
          ) : (
            data.credits.map((b) => (
              <div key={b.system} className="inline">
                <span>
                  {b.name ?? b.system}: <strong>{b.balance.toLocaleString('en-US')}</strong> {b.unit ?? 'credits'}
                </span>
                <label htmlFor={`grant-${b.system}`}>Grant</label>
                <input id={`grant-${b.system}`} className="short" inputMode="decimal" value={credits} onChange={(e) => setCredits(e.target.value)} />
                <ConfirmAction
                  label="Grant credits"
                  title="Grant credits?"
                  describe={() => `${credits} ${b.unit ?? 'credits'} are added to ${customer}'s ${b.name ?? b.system} balance as a promotional grant.`}
                  run={() =>
                    post('credits/grants', {
                      customer,
                      system: b.system,
                      amount: Number(credits),
                      idempotency_key: `dashboard-${b.system}-${customer}-${Date.now()}`,
                    })
                  }
                  done={reload}
                />
              </div>
            ))
          )}
          <PlainList title="Licenses" items={data.licenses}>
            {(l) => (
              <>
                <code>{l.id}</code> <span className={`status ${l.status}`}>{l.status}</span> {l.plan_key ?? l.product_key}
                {l.status !== 'revoked' ? (
                  <ConfirmAction
                    label="Revoke"
                    danger
                    title="Revoke this license?"
                    describe={() => `${l.id} stops working at once; restore it from the API if needed.`}
                    run={() => post(`admin/licenses/${encodeURIComponent(l.id)}/revoke`)}
                    done={reload}
                  />
                ) : null}
              </>
            )}
          </PlainList>
        </section>
        <section>
          <PlainList title="Payment methods" items={data.payment_methods}>
            {(p) => (
              <>
                {p.brand ?? 'card'} •••• {p.last4 ?? '????'}{' '}
                <span className="sub">
                  {p.exp_month}/{p.exp_year}
                  {p.is_default ? ' · default' : ''}
                </span>
              </>
            )}
          </PlainList>
          <PlainList title="Invoices" items={data.invoices}>
            {(i) => (
              <>
                {i.hosted_invoice_url ? (
                  <a href={i.hosted_invoice_url} target="_blank" rel="noreferrer">
                    {i.number ?? i.id}
                  </a>
                ) : (
                  (i.number ?? i.id)
                )}{' '}
                <span className={`status ${i.status ?? ''}`}>{i.status}</span> {money(i.total, i.currency)} <span className="sub">{when(i.created_at)}</span>
              </>
            )}
          </PlainList>
        </section>
      </div>
      <section>
        <h2>Timeline</h2>
        {data.timeline.length === 0 ? (
          <p className="muted">Nothing yet.</p>
        ) : (
          <ol className="timeline">
            {data.timeline.map((t, i) => (
              <li key={i} className={t.status === 'failed' ? 'attention' : undefined}>
                <span className="muted when">{when(t.at)}</span>
                <span className={`kind ${t.kind}`}>{KIND[t.kind]}</span>
                <code>{t.type}</code>
                {t.status ? <Status value={t.status} className={TONE[t.status] ?? t.status} /> : null}
                <span className="sub">{t.detail}</span>
                {t.error ? <span className="error">{t.error}</span> : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

/** What is decided for the subscription's future: "Changes to free on …" or "Ends on …", with the schedule that carries it. */
function ScheduledChange({ subscription: s }: { subscription: Subscription }) {
  const change = s.scheduled_change;
  if (!change) return s.schedule ? <code>{s.schedule}</code> : <>—</>;
  const what =
    change.kind === 'cancel'
      ? `Ends on ${when(change.at)}${change.plan_key ? `, then ${change.plan_key}` : ''}`
      : `Changes to ${change.plan_key ?? 'another plan'}${change.interval && change.interval !== s.interval ? ` / ${change.interval}` : ''} on ${when(change.at)}`;
  return (
    <span className="scheduled-change">
      {what}
      {change.schedule_id ? (
        <>
          {' '}
          <code className="sub">{change.schedule_id}</code>
        </>
      ) : null}
    </span>
  );
}
