import { fromMicros } from '../../core/lib/micros.ts';

/** A credit_grants row as the drivers return it. */
export interface GrantRow extends Record<string, unknown> {
  id: string;
  customer_id: string;
  system: string;
  kind: string;
  priority: number;
  amount: string | number;
  remaining: string | number;
  effective_at: Date | string;
  expires_at: Date | string | null;
  expired_at: Date | string | null;
  idempotency_key: string;
  paid_amount: string | number | null;
  currency: string | null;
  source: string | null;
  metadata: Record<string, string> | string | null;
}

/** A grant as the library answers it: credits as numbers, dates as ISO. */
export interface CreditGrant {
  id: string;
  customer: string;
  system: string;
  kind: string;
  priority: number;
  /** Credits granted. */
  credits: number;
  /** Credits left (what was lost, once expired). */
  remaining: number;
  effectiveAt: string;
  expiresAt: string | null;
  expired: boolean;
  idempotencyKey: string;
  paidAmount: number | null;
  currency: string | null;
  source: string | null;
  metadata: Record<string, string> | null;
}

function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function grantFromRow(row: GrantRow, now: Date): CreditGrant {
  const expiresAt = row.expires_at === null ? null : iso(row.expires_at);
  return {
    id: row.id,
    customer: row.customer_id,
    system: row.system,
    kind: row.kind,
    priority: Number(row.priority),
    credits: fromMicros(row.amount),
    remaining: fromMicros(row.remaining),
    effectiveAt: iso(row.effective_at),
    expiresAt,
    expired: expiresAt !== null && new Date(expiresAt).getTime() <= now.getTime(),
    idempotencyKey: row.idempotency_key,
    paidAmount: row.paid_amount === null ? null : Number(row.paid_amount),
    currency: row.currency,
    source: row.source,
    metadata: typeof row.metadata === 'string' ? (JSON.parse(row.metadata) as Record<string, string>) : row.metadata,
  };
}
