import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { initialMetadata } from '../../core/metadata.ts';

export interface BalanceChange {
  amount: number;
  currency?: string;
  type: Stripe.CustomerBalanceTransaction.Type;
  description?: string | null;
  metadata?: Record<string, string> | '';
  invoice?: string | null;
  creditNote?: string | null;
  at: number;
}

/**
 * Records a customer balance transaction (`cbtxn_`) and returns the customer as it becomes (new
 * balance, and its currency once set) without saving it: the caller saves the customer once, with
 * its other changes. A positive amount is owed by the customer; a negative one is a credit.
 */
export function addBalanceTransaction(
  em: Emulator,
  customer: Stripe.Customer,
  change: BalanceChange,
): { txn: Stripe.CustomerBalanceTransaction; customer: Stripe.Customer } {
  const currency = (change.currency ?? customer.currency ?? 'usd').toLowerCase();
  if (customer.currency && customer.currency !== currency) {
    throw invalidRequest(
      `The currency ${currency} does not match the customer's currency ${customer.currency}. A customer's balance is kept in one currency.`,
      'currency',
    );
  }
  const txn: Stripe.CustomerBalanceTransaction = {
    id: em.ids.next('cbtxn'),
    object: 'customer_balance_transaction',
    amount: change.amount,
    checkout_session: null,
    created: change.at,
    credit_note: change.creditNote ?? null,
    currency,
    customer: customer.id,
    customer_account: null,
    description: change.description ?? null,
    ending_balance: customer.balance + change.amount,
    invoice: change.invoice ?? null,
    livemode: false,
    metadata: initialMetadata(change.metadata),
    type: change.type,
  };
  em.db.balanceTransactions.put(txn);
  return { txn, customer: { ...customer, balance: txn.ending_balance, currency } };
}

/** The one way a customer's balance moves on its own: a balance transaction, then the customer saved (`customer.updated`). */
export function recordBalanceTransaction(em: Emulator, customerId: string, change: BalanceChange): Stripe.CustomerBalanceTransaction {
  const customer = em.db.customers.get(customerId);
  if (!customer) throw resourceMissing('customer', customerId, 'customer');
  const { txn, customer: after } = addBalanceTransaction(em, customer, change);
  em.db.customers.put(after);
  em.emit('customer.updated', after, {
    previous: customer.currency === after.currency ? { balance: customer.balance } : { balance: customer.balance, currency: customer.currency ?? null },
    at: change.at,
  });
  return txn;
}

export function getBalanceTransaction(em: Emulator, customerId: string, id: string): Stripe.CustomerBalanceTransaction {
  const txn = em.db.balanceTransactions.get(id);
  if (!txn || txn.customer !== customerId) throw resourceMissing('customer_balance_transaction', id, 'transaction');
  return txn;
}
