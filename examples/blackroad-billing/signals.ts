import { computeMrr, type Deps, type Hooks, toDecimalString } from 'tollgate';

/**
 * Seed 002's signals, printed in its format from Tollgate's hooks:
 *   💰 FND → OS : payment_received, customer=cus_xxx, amount=$100
 *   📦 FND → OS : subscription_started, customer=cus_xxx, plan=basic
 *   ⚠️ FND → OS : payment_failed, customer=cus_xxx, retry=1
 *   📊 FND → OS : mrr_update, mrr=$4523, change=+$100
 *   🎉 FND → OS : milestone, mrr=$10000
 * Hooks arrive at least once, so each message is printed once (by its id).
 * MRR is read from the mirror after each drained batch (`flush`), so a
 * burst of subscriptions is one `mrr_update` with the whole change.
 */
export interface Signals {
  /** After a batch of hooks: prints `mrr_update` (and any `milestone` crossed) if MRR moved. */
  flush(): Promise<void>;
}

/** Dollars as the seed's signals write them: `$4523`, `$1.50`, no thousands separator. */
export const dollars = (amount: number, currency = 'usd'): string => `$${toDecimalString({ amount, currency }).replace(/\.0+$/, '')}`;

/** MRR milestones: $10, $100, $1,000, ... (minor units). */
const milestones = (from: number, to: number): number[] => {
  const out: number[] = [];
  for (let m = 1_000; m <= to; m *= 10) if (m > from) out.push(m);
  return out;
};

export async function registerSignals(deps: Deps, hooks: Hooks, print: (line: string) => void): Promise<Signals> {
  const seen = new Set<string>();
  const once = (id: string): boolean => !seen.has(id) && Boolean(seen.add(id));
  const usd = async () => (await computeMrr(deps)).find((f) => f.currency === 'usd')?.mrr ?? 0;
  let mrr = await usd();

  hooks.on('payment.succeeded', (m) => {
    const invoice = m.payload.invoice;
    if (once(m.id)) print(`💰 FND → OS : payment_received, customer=${invoice.stripeCustomerId}, amount=${dollars(invoice.amountPaid, invoice.currency)}`);
  });
  hooks.on('subscription.activated', (m) => {
    const s = m.payload.subscription;
    if (once(m.id)) print(`📦 FND → OS : subscription_started, customer=${s.stripeCustomerId}, plan=${s.planKey ?? 'unknown'}`);
  });
  hooks.on('payment.failed', (m) => {
    const invoice = m.payload.invoice;
    if (once(m.id)) print(`⚠️ FND → OS : payment_failed, customer=${invoice.stripeCustomerId}, retry=${invoice.attemptCount}`);
  });

  return {
    async flush() {
      const now = await usd();
      if (now === mrr) return;
      const change = now - mrr;
      print(`📊 FND → OS : mrr_update, mrr=${dollars(now)}, change=${change > 0 ? '+' : '-'}${dollars(Math.abs(change))}`);
      for (const m of milestones(mrr, now)) print(`🎉 FND → OS : milestone, mrr=${dollars(m)}`);
      mrr = now;
    },
  };
}
