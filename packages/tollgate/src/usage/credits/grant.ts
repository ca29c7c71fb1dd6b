import { badCustomer } from '../entitlements/validate-input.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { checkText, INPUT_LIMITS } from '../../core/lib/input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { checkMetadata } from '../../commands/customers/validate.ts';
import { type CreditGrant, grantFromRow } from './grant-row.ts';
import { insertGrant } from './insert-grant.ts';
import { parseCredits } from '../../core/lib/micros.ts';
import { DEFAULT_PRIORITY, findSystem } from './systems.ts';
import { inTransaction } from './tx.ts';

export interface GrantCreditsInput {
  customer: string;
  /** The credit system (default: the config's only one). */
  system?: string;
  /** Credits to grant: above 0, at most six decimals. */
  amount: number;
  /** `promotional` (default) or `paid` (bought outside Checkout: give `paidAmount`). */
  kind?: 'promotional' | 'paid';
  /** Burn order, lower first (default: promotional 20, paid 30). */
  priority?: number;
  /** When the grant stops counting (a future instant); default never. */
  expiresAt?: Date | string;
  /** Dedupes retries: the key repeated answers the first grant. */
  idempotencyKey?: string;
  /** Paid grants: what the customer paid, minor units of the config's currency (deferred revenue, breakage). */
  paidAmount?: number;
  metadata?: Record<string, string>;
}

export interface GrantCreditsResult extends CreditGrant {
  /** True when the idempotency key was used before: this is the first grant, nothing was written. */
  duplicate: boolean;
}

function badPriority(priority: unknown): AppError | null {
  if (priority === undefined) return null;
  if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 0 || priority > 1000) {
    return appError('validation_failed', 'priority must be a whole number from 0 to 1000 (lower burns first).', 'priority');
  }
  return null;
}

function parseExpiry(value: Date | string | undefined, now: Date): Result<Date | null, AppError> {
  if (value === undefined) return ok(null);
  const at = value instanceof Date ? value : typeof value === 'string' && value.length <= 40 ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) return err(appError('validation_failed', 'expiresAt must be an ISO 8601 instant.', 'expiresAt'));
  if (at.getTime() <= now.getTime()) return err(appError('validation_failed', 'expiresAt must be in the future: a grant cannot start expired.', 'expiresAt'));
  return ok(at);
}

/**
 * Grants credits to a customer (an operator's gift, a goodwill credit, a
 * sale made elsewhere): one grant and its ledger row, in one transaction
 * with the balance locked, any overdraft debt paid off first. Bad input is
 * an error naming the field, and nothing is written.
 */
export async function grantCredits(deps: Deps, input: GrantCreditsInput): Promise<Result<GrantCreditsResult, AppError>> {
  const now = deps.clock.now();
  const problem =
    badCustomer(input.customer) ??
    (input.idempotencyKey === undefined ? null : checkText(input.idempotencyKey, 'idempotencyKey', { max: INPUT_LIMITS.id })) ??
    badPriority(input.priority);
  if (problem) return err(problem);
  const system = findSystem(deps.config, input.system);
  if (!system.ok) return system;
  const amount = parseCredits(input.amount, 'amount');
  if (!amount.ok) return err(amount.error);
  const kind = input.kind ?? 'promotional';
  if (kind !== 'promotional' && kind !== 'paid') return err(appError('validation_failed', 'kind must be "promotional" or "paid".', 'kind'));
  if (
    input.paidAmount !== undefined &&
    (kind !== 'paid' || !Number.isSafeInteger(input.paidAmount) || input.paidAmount < 0 || input.paidAmount > 99_999_999_999)
  ) {
    return err(appError('validation_failed', 'paidAmount is a whole amount in minor units (0 to 99,999,999,999), for paid grants only.', 'paidAmount'));
  }
  const expiresAt = parseExpiry(input.expiresAt, now);
  if (!expiresAt.ok) return expiresAt;
  const metadata = checkMetadata(input.metadata, 'metadata', 0);
  if (!metadata.ok) return metadata;
  const written = await inTransaction(deps, (tx) =>
    insertGrant(tx, {
      customer: input.customer,
      system: system.value.key,
      kind,
      priority: input.priority ?? DEFAULT_PRIORITY[kind],
      amount: amount.micros,
      effectiveAt: now,
      expiresAt: expiresAt.value,
      idempotencyKey: input.idempotencyKey ?? deps.ids.next('grant'),
      paidAmount: kind === 'paid' ? (input.paidAmount ?? 0) : null,
      currency: kind === 'paid' ? (deps.config.currency ?? 'usd') : null,
      source: 'api',
      metadata: input.metadata && Object.keys(input.metadata).length > 0 ? metadata.value : null,
    }),
  );
  return ok({ ...grantFromRow(written.grant, now), duplicate: !written.created });
}
