import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { mrrMovements } from '../../core/db/schema/mrr-movements.ts';
import type { Deps } from '../../core/lib/deps.ts';

export interface ListMovementsInput {
  from?: Date;
  to?: Date;
  kind?: string;
  plan?: string;
  currency?: string;
  stripeCustomerId?: string;
  limit?: number;
}

/** MRR movements, newest first (at most 500). */
export async function listMrrMovements(deps: Pick<Deps, 'db'>, input: ListMovementsInput = {}) {
  const filters: SQL[] = [];
  if (input.from) filters.push(gte(mrrMovements.at, input.from));
  if (input.to) filters.push(lt(mrrMovements.at, input.to));
  if (input.kind) filters.push(eq(mrrMovements.kind, input.kind));
  if (input.plan) filters.push(eq(mrrMovements.planKey, input.plan));
  if (input.currency) filters.push(eq(mrrMovements.currency, input.currency));
  if (input.stripeCustomerId) filters.push(eq(mrrMovements.stripeCustomerId, input.stripeCustomerId));
  return deps.db
    .select()
    .from(mrrMovements)
    .where(filters.length > 0 ? and(...filters) : undefined)
    .orderBy(desc(mrrMovements.at), desc(mrrMovements.id))
    .limit(Math.min(Math.max(input.limit ?? 50, 1), 500));
}
