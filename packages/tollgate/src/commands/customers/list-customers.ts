import { desc, eq, or } from 'drizzle-orm';
import { z } from 'zod';
import { customers } from '../../core/db/schema/customers.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { checkText, INPUT_LIMITS } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';

/** A billing customer as an app's admin screens and CLIs show it (from the mirror). */
export interface CustomerSummary {
  /** The app's id (null for a customer made outside Tollgate and never linked). */
  externalId: string | null;
  stripeCustomerId: string | null;
  email: string | null;
  name: string | null;
  metadata: Record<string, string>;
  createdAt: Date;
}

const summary = (row: typeof customers.$inferSelect): CustomerSummary => ({
  externalId: row.externalId,
  stripeCustomerId: row.stripeCustomerId,
  email: row.email,
  name: row.name,
  metadata: row.metadata,
  createdAt: row.createdAt,
});

export const listCustomersInput = z.object({
  /** 1 to 100 (default 20). */
  limit: z.number().int().min(1).max(100).optional(),
});
export type ListCustomersInput = z.input<typeof listCustomersInput>;

const list = operation(listCustomersInput, async (deps: Pick<Deps, 'db'>, input): Promise<Result<CustomerSummary[], AppError>> => {
  const rows = await deps.db
    .select()
    .from(customers)
    .where(eq(customers.deleted, false))
    .orderBy(desc(customers.createdAt), desc(customers.id))
    .limit(input.limit ?? 20);
  return ok(rows.map(summary));
});

/** Customers, newest first (1 to 100, default 20); read from the mirror, never Stripe. */
export function listCustomers(deps: Pick<Deps, 'db'>, input: ListCustomersInput = {}): Promise<Result<CustomerSummary[], AppError>> {
  return list(deps, input);
}

/** One customer by the app's id or by its Stripe id (`cus_...`); `customer_not_found` naming `param`. */
export async function getCustomer(deps: Pick<Deps, 'db'>, id: unknown, param = 'customer'): Promise<Result<CustomerSummary, AppError>> {
  const problem = checkText(id, param, { max: INPUT_LIMITS.id, notBlank: true });
  if (problem) return err(problem);
  const key = id as string;
  const [row] = await deps.db
    .select()
    .from(customers)
    .where(or(eq(customers.externalId, key), eq(customers.stripeCustomerId, key)))
    .limit(1);
  if (!row || row.deleted)
    return err(appError('customer_not_found', `no customer "${key}" (an app id, or a cus_ id of this Stripe account: test and live mode differ)`, param));
  return ok(summary(row));
}
