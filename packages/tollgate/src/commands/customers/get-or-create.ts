import { createHash } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import Stripe from 'stripe';
import { z } from 'zod';
import { METADATA } from '../../core/config/stripe-keys.ts';
import { customers } from '../../core/db/schema/customers.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { normalizeCurrency } from '../../core/lib/money.ts';
import { appId, emailAddress, idText, INPUT_LIMITS, text } from '../../core/lib/input.ts';
import { parseInput } from '../../core/lib/parse-input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { stripeMetadata } from '../../core/stripe/metadata.ts';
import { timeZoneName } from '../../usage/entitlements/windows.ts';
import { applyStripeObject } from '../../stripe-in/mirror/apply.ts';
import { alignCounters } from './align-counters.ts';
import type { BillingCustomer } from './find.ts';
export const getOrCreateCustomerInput = z.object({
  /** The app's id for the user or organisation. */
  externalId: appId(),
  email: emailAddress().optional(),
  metadata: stripeMetadata().optional(),
  /**
   * The zone of the customer's calendar usage windows (features with
   * `timeZone: 'customer'`): `UTC` or an IANA name (`Europe/Paris`); unset
   * means UTC. Like the other details, used when this call creates the
   * customer; change it later with `updateCustomer`.
   */
  timeZone: timeZoneName().optional(),
  name: text(256, 0).optional(),
  /**
   * The currency checkout bills this customer in (one of a plan's
   * `currencies`), kept in the Stripe customer's metadata `tollgate_currency`.
   */
  currency: text(INPUT_LIMITS.key).optional(),
  /** Test mode only: create the Stripe customer on this test clock (lifecycle tests, demos). */
  testClock: idText().optional(),
});
export type GetOrCreateCustomerInput = z.input<typeof getOrCreateCustomerInput>;

export interface GetOrCreateCustomerOutput {
  customer: BillingCustomer;
  /** True when this call's external id had no Stripe customer yet. */
  created: boolean;
}

/**
 * One Stripe customer per external id, whichever caller (or node) gets there
 * first: every caller creates from the same reserved row, so the same
 * parameters. They are part of the key, so after a refusal (the reservation
 * is dropped) a call with other details is not taken for a replay.
 */
export function customerIdempotencyKey(externalId: string, params: Stripe.CustomerCreateParams = {}): string {
  return `tollgate-customer-${createHash('sha256')
    .update(JSON.stringify([externalId, params]))
    .digest('hex')
    .slice(0, 48)}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Stripe answers 409 while another request with the same key is in flight: wait and ask again. */
async function createOnce(stripe: Stripe, params: Stripe.CustomerCreateParams, key: string): Promise<Stripe.Customer> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await stripe.customers.create(params, { idempotencyKey: key });
    } catch (e) {
      const inFlight = e instanceof Stripe.errors.StripeError && e.statusCode === 409;
      if (!inFlight || attempt >= 8) throw e;
      await sleep(25 * 2 ** attempt);
    }
  }
}

async function createFor(stripe: Stripe, reserved: typeof customers.$inferSelect, externalId: string, testClock: string | undefined): Promise<Stripe.Customer> {
  const params: Stripe.CustomerCreateParams = { metadata: { ...reserved.metadata, [METADATA.externalId]: externalId } };
  if (testClock) params.test_clock = testClock;
  if (reserved.email) params.email = reserved.email;
  if (reserved.name) params.name = reserved.name;
  return createOnce(stripe, params, customerIdempotencyKey(externalId, params));
}

/**
 * A reservation older than an hour means an earlier call created the Stripe
 * customer but stopped before recording it, perhaps longer ago than Stripe
 * keeps idempotency keys (24 h): look for it by metadata before creating.
 */
async function findStale(deps: Deps, reservedAt: Date, externalId: string): Promise<Stripe.Customer | undefined> {
  if (deps.clock.now().getTime() - reservedAt.getTime() < STALE_MS) return undefined;
  // Quote with whichever quote the id lacks (no escaping needed); an id with both is not searched.
  const quote = externalId.includes("'") ? (externalId.includes('"') ? undefined : '"') : "'";
  if (quote === undefined || externalId.includes('\\')) return undefined;
  const query = `metadata['${METADATA.externalId}']:${quote}${externalId}${quote}`;
  const found = await deps.stripe.customers.search({ query, limit: 1 });
  return found.data[0];
}

const STALE_MS = 60 * 60 * 1000;

/** The input parsed, its currency normalised into the metadata Stripe keeps. */
function validate(raw: GetOrCreateCustomerInput): Result<GetOrCreateCustomerInput & { metadata: Record<string, string> }, AppError> {
  const parsed = parseInput(getOrCreateCustomerInput, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.value;
  let currency: Record<string, string> = {};
  if (input.currency !== undefined) {
    try {
      currency = { [METADATA.currency]: normalizeCurrency(input.currency) };
    } catch (e) {
      return err(appError('validation_failed', `currency: ${(e as Error).message}`, 'currency'));
    }
  }
  return ok({ ...input, metadata: { ...input.metadata, ...currency } });
}

/**
 * The Stripe customer for the app's `externalId`, created on first use.
 * Race-safe: the first caller reserves the external id locally (unique key)
 * with its email, name, metadata and time zone; every caller then creates
 * the Stripe customer from that reserved row under one idempotency key
 * derived from the external id, so twenty concurrent calls make one Stripe
 * customer. The customer enters the mirror through `applyStripeObject`,
 * which links it to the reserved row by `metadata.tollgate_external_id`.
 */
export async function getOrCreateCustomer(deps: Deps, input: GetOrCreateCustomerInput): Promise<Result<GetOrCreateCustomerOutput, AppError>> {
  const valid = validate(input);
  if (!valid.ok) return valid;
  const { externalId } = valid.value;
  const load = async () => (await deps.db.select().from(customers).where(eq(customers.externalId, externalId)))[0];

  const existing = await load();
  if (existing?.stripeCustomerId) return ok({ customer: { ...existing, stripeCustomerId: existing.stripeCustomerId }, created: false });

  const now = deps.clock.now();
  const timeZone = valid.value.timeZone;
  const reserve = (db: Pick<Deps['db'], 'insert'>) =>
    db
      .insert(customers)
      .values({
        id: deps.ids.next('cust'),
        externalId,
        email: valid.value.email ?? null,
        name: valid.value.name ?? null,
        timeZone: timeZone ?? null,
        metadata: valid.value.metadata,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: customers.externalId })
      .returning({ id: customers.id });
  let mine: string | undefined;
  if (timeZone === undefined) {
    const [inserted] = await reserve(deps.db);
    mine = inserted?.id;
  } else {
    // Usage counted before the customer existed was in UTC: moving to its
    // zone is a change like `updateCustomer`'s, counters aligned with it.
    await deps.db.transaction(async (tx) => {
      const [inserted] = await reserve(tx);
      mine = inserted?.id;
      if (inserted) await alignCounters(tx, deps.config, { customer: externalId, from: 'UTC', to: timeZone, now });
    });
  }
  const reserved = await load();
  if (!reserved) throw new Error(`customer row for external id ${externalId} vanished after insert`);
  if (reserved.stripeCustomerId) return ok({ customer: { ...reserved, stripeCustomerId: reserved.stripeCustomerId }, created: false });

  let stripeCustomer: Stripe.Customer;
  try {
    stripeCustomer = (await findStale(deps, reserved.createdAt, externalId)) ?? (await createFor(deps.stripe, reserved, externalId, valid.value.testClock));
  } catch (e) {
    // Stripe refused the customer (not a passing fault): the reservation this call made goes, so no row is left without a Stripe customer.
    const refused = e instanceof Stripe.errors.StripeInvalidRequestError && e.statusCode !== 409 && e.statusCode !== 429;
    if (refused && mine !== undefined) await deps.db.delete(customers).where(and(eq(customers.id, mine), isNull(customers.stripeCustomerId)));
    throw e;
  }
  await applyStripeObject(deps, stripeCustomer);

  const linked = await load();
  if (linked?.stripeCustomerId !== stripeCustomer.id) {
    throw new Error(`customer ${externalId} is linked to ${linked?.stripeCustomerId ?? 'nothing'}, not ${stripeCustomer.id}`);
  }
  return ok({ customer: { ...linked, stripeCustomerId: linked.stripeCustomerId }, created: true });
}
