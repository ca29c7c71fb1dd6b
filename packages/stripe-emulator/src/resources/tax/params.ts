import { invalidRequest } from '../../errors.ts';
import { p } from '../../core/params.ts';

/** `automatic_tax[enabled]` (+ `liability`), as subscriptions, invoices and Checkout take it. */
export const automaticTaxParam = p.obj({
  enabled: p.required(p.bool()),
  liability: p.obj({ type: p.required(p.enum(['account', 'self'])), account: p.string() }),
});

/** Stripe refuses tax rates next to automatic tax: one or the other decides the tax. */
export function checkOneTaxSource(automatic: { enabled: boolean } | undefined, rateParams: [string, readonly unknown[] | '' | undefined][]): void {
  if (!automatic?.enabled) return;
  for (const [param, value] of rateParams) {
    if (Array.isArray(value) && value.length > 0)
      throw invalidRequest(`You cannot set \`${param}\` when \`automatic_tax[enabled]\` is true: automatic tax calculates the tax itself.`, param);
  }
}
