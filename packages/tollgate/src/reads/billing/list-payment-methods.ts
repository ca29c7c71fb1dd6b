import { desc, eq } from 'drizzle-orm';
import { paymentMethods } from '../../core/db/schema/payment-methods.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { ok, type Result } from '../../core/lib/result.ts';
import { findCustomer } from '../../stripe-in/mirror/find-customer.ts';

export interface PaymentMethodSummary {
  id: string;
  type: string;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  isDefault: boolean;
}

/** The customer's attached payment methods from the mirror, the default first. */
export async function listPaymentMethods(deps: Deps, input: { externalId: unknown }): Promise<Result<PaymentMethodSummary[]>> {
  const customer = await findCustomer(deps, input.externalId);
  if (!customer.ok) return customer;
  const { stripeCustomerId, defaultPaymentMethodId } = customer.value;
  if (!stripeCustomerId) return ok([]);
  const rows = await deps.db
    .select()
    .from(paymentMethods)
    .where(eq(paymentMethods.stripeCustomerId, stripeCustomerId))
    .orderBy(desc(paymentMethods.stripeCreated), desc(paymentMethods.id));
  const list = rows.map((r) => ({
    id: r.id,
    type: r.type,
    brand: r.brand,
    last4: r.last4,
    expMonth: r.expMonth,
    expYear: r.expYear,
    isDefault: r.id === defaultPaymentMethodId,
  }));
  return ok([...list.filter((p) => p.isDefault), ...list.filter((p) => !p.isDefault)]);
}
