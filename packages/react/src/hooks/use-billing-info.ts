import type { Invoice, PaymentMethod } from '../client/types.ts';
import { type ResourceState, useResource } from './use-resource.ts';

/** The customer's invoices, newest first (`limit` 1 to 100, default 20). */
export function useInvoices(options: { limit?: number } = {}): ResourceState<Invoice[]> {
  const { limit } = options;
  return useResource('subscription', `invoices:${limit ?? ''}`, (client) => client.listInvoices(limit));
}

/** The customer's cards, the default first. */
export function usePaymentMethods(): ResourceState<PaymentMethod[]> {
  return useResource('subscription', 'payment-methods', (client) => client.listPaymentMethods());
}
