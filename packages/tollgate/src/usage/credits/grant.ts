import { z } from 'zod';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { idText, text } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { stripeMetadata } from '../../core/stripe/metadata.ts';
import { type CreditGrant, grantFromRow } from './grant-row.ts';
import { insertGrant } from './insert-grant.ts';
import { parseCredits } from '../../core/lib/micros.ts';
import { DEFAULT_PRIORITY, findSystem, optionalCreditSystem } from './systems.ts';
import { inTransaction } from './tx.ts';

export const grantCreditsInput = z.object({
  customer: idText(),
  /** The credit system (default: the config's only one). */
  system: optionalCreditSystem(),
  /** Credits to grant: above 0, at most six decimals. */
  amount: z.number().describe('Credits, at most six decimals (kept as integer micro-credits)'),
  /** `promotional` (default) or `paid` (bought outside Checkout: give `paidAmount`). */
  kind: z.enum(['promotional', 'paid']).optional(),
  /** Burn order, lower first (default: promotional 20, paid 30). */
  priority: z.number().int().min(0).max(1000).optional().describe('Burn order, lower first (default: promotional 20, paid 30)'),
  /** When the grant stops counting (a future instant); default never. */
  expiresAt: z.union([z.date(), text(40)]).optional(),
  /** Dedupes retries: the key repeated answers the first grant. */
  idempotencyKey: idText().optional(),
  /** Paid grants: what the customer paid, minor units of the config's currency (deferred revenue, breakage); at most 99,999,999,999. */
  paidAmount: z.number().int().min(0).optional().describe('Paid grants: minor units paid (deferred revenue, breakage)'),
  metadata: stripeMetadata(0).optional(),
});
export type GrantCreditsInput = z.input<typeof grantCreditsInput>;

export interface GrantCreditsResult extends CreditGrant {
  /** True when the idempotency key was used before: this is the first grant, nothing was written. */
  duplicate: boolean;
}

function parseExpiry(value: Date | string | undefined, now: Date): Result<Date | null, AppError> {
  if (value === undefined) return ok(null);
  const at = value instanceof Date ? value : new Date(value);
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
export const grantCredits = operation(grantCreditsInput, async (deps: Deps, input): Promise<Result<GrantCreditsResult, AppError>> => {
  const now = deps.clock.now();
  const system = findSystem(deps.config, input.system);
  if (!system.ok) return system;
  const amount = parseCredits(input.amount, 'amount');
  if (!amount.ok) return err(amount.error);
  const kind = input.kind ?? 'promotional';
  if (
    input.paidAmount !== undefined &&
    (kind !== 'paid' || !Number.isSafeInteger(input.paidAmount) || input.paidAmount < 0 || input.paidAmount > 99_999_999_999)
  ) {
    return err(appError('validation_failed', 'paidAmount is a whole amount in minor units (0 to 99,999,999,999), for paid grants only.', 'paidAmount'));
  }
  const expiresAt = parseExpiry(input.expiresAt, now);
  if (!expiresAt.ok) return expiresAt;
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
      metadata: input.metadata && Object.keys(input.metadata).length > 0 ? input.metadata : null,
    }),
  );
  return ok({ ...grantFromRow(written.grant, now), duplicate: !written.created });
});
