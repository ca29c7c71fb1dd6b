import { fromMicros } from '../../core/lib/micros.ts';

/** Ledger columns, listed (no `*`: prepared statements outlive migrations). */
export const LEDGER_COLUMNS =
  'id, customer_id, system, kind, amount, idempotency_key, feature, units, window_key, grant_id, allocations, balance_after, breakage, reverses_id, properties, occurred_at, recorded_at';

export interface LedgerRow extends Record<string, unknown> {
  id: string;
  customer_id: string;
  system: string;
  kind: string;
  amount: string | number;
  idempotency_key: string;
  feature: string | null;
  units: string | number | null;
  window_key: string | null;
  grant_id: string | null;
  allocations: [string, number | string][] | string | null;
  balance_after: string | number | null;
  breakage: string | number | null;
  reverses_id: string | null;
  properties: Record<string, unknown> | string | null;
  occurred_at: Date | string;
  recorded_at: Date | string;
}

/** One movement of a balance, as the library answers it: credits as numbers, dates as ISO. */
export interface CreditMovement {
  id: string;
  customer: string;
  system: string;
  kind: 'grant' | 'debit' | 'reversal' | 'expiry';
  /** Credits: positive in, negative out. */
  credits: number;
  idempotencyKey: string;
  feature: string | null;
  units: number | null;
  /** Debits: the billing period their spend counted in. */
  windowKey: string | null;
  grantId: string | null;
  /** Debits and reversals: credits taken from (given back to) each grant, in burn order. */
  allocations: { grant: string; credits: number }[] | null;
  /** The balance right after, in credits. */
  balanceAfter: number | null;
  /** Expired paid credit: its value in minor units. */
  breakage: number | null;
  reversesId: string | null;
  properties: Record<string, unknown> | null;
  occurredAt: string;
  recordedAt: string;
}

function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function json<T>(value: T | string | null): T | null {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

export function movementFromRow(row: LedgerRow): CreditMovement {
  const allocations = json<[string, number | string][]>(row.allocations);
  return {
    id: row.id,
    customer: row.customer_id,
    system: row.system,
    kind: row.kind as CreditMovement['kind'],
    credits: fromMicros(row.amount),
    idempotencyKey: row.idempotency_key,
    feature: row.feature,
    units: row.units === null ? null : Number(row.units),
    windowKey: row.window_key,
    grantId: row.grant_id,
    allocations: allocations ? allocations.map(([grant, micros]) => ({ grant, credits: fromMicros(micros) })) : null,
    balanceAfter: row.balance_after === null ? null : fromMicros(row.balance_after),
    breakage: row.breakage === null ? null : Number(row.breakage),
    reversesId: row.reverses_id,
    properties: json<Record<string, unknown>>(row.properties),
    occurredAt: iso(row.occurred_at),
    recordedAt: iso(row.recorded_at),
  };
}
