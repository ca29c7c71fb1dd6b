import { useCredits } from '../hooks/use-credits.ts';
import { currencyExponent, formatAmount } from '../money.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

export interface CreditBalanceProps {
  /** The credit system (default: the config's only one). */
  system?: string;
  /** Shown after the amount (default: the system's unit, plural: "credits"). */
  label?: string;
  /** Also list the grants and when they expire (default false). */
  showGrants?: boolean;
}

/** Credits as people read them: money in the config's currency, or units with up to six decimals. */
export function formatCredits(credits: number, money: boolean, currency: string, unit: string | null): string {
  if (money) return formatAmount(Math.round(credits * 10 ** currencyExponent(currency)), currency);
  const amount = credits.toLocaleString('en-US', { maximumFractionDigits: 6 });
  const name = unit ?? 'credit';
  return `${amount} ${credits === 1 ? name : `${name}s`}`;
}

/** The customer's balance (fed by useCredits, refreshed after a consume), with the spend cap when there is one. */
export function CreditBalance({ system, label, showGrants = false }: CreditBalanceProps) {
  const { data, error, loading } = useCredits(system);
  const show = (credits: number) => (data ? formatCredits(credits, data.money, data.currency, label === undefined ? data.unit : null) : '');
  return (
    <div className="tollgate-credits" aria-busy={loading}>
      {!data && loading ? <p role="status">Loading balance…</p> : null}
      <ErrorMessage error={error} />
      {data ? (
        <>
          <p className="tollgate-credits__balance" data-balance={data.balance}>
            {show(data.balance)}
            {label !== undefined ? ` ${label}` : ''}
          </p>
          {data.cap !== null ? (
            <p className="tollgate-credits__cap">
              {show(data.spent)} of {show(data.cap)} spent this period
            </p>
          ) : null}
          {showGrants ? (
            <ul className="tollgate-credits__grants">
              {data.grants.map((g) => (
                <li key={g.id}>
                  {show(g.remaining)} {g.kind}
                  {g.expires_at ? `, expires ${new Date(g.expires_at).toLocaleDateString('en-US', { timeZone: 'UTC' })}` : ''}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
