import { sql } from 'drizzle-orm';

/** The credit_grants columns `GrantRow` reads, in one select list. */
export const GRANT_COLUMNS = sql.raw(
  'id, customer_id, system, kind, priority, amount, remaining, effective_at, expires_at, expired_at, idempotency_key, paid_amount, currency, source, metadata',
);
