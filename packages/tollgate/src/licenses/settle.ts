import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../core/db/sql.ts';
import { licenses } from '../core/db/schema/licenses.ts';
import type { Deps } from '../core/lib/deps.ts';
import { rowCodec } from '../stripe-in/mirror/batch-ops.ts';
import { issueLicense } from './issue.ts';
import { dateOrNull, type LicenseRow } from './row.ts';
import { grantsLicenses, issuable, licenseStatus, planGrant, type SourceFacts } from './status.ts';
import { setLicenseStatus } from './transition.ts';

/** Which licenses a mirror change may concern. */
export interface SettleScope {
  /** Subscriptions and purchases of these Stripe customers. */
  stripeCustomerIds?: Iterable<string>;
  /** Purchases by id (`cs_...`), for buyers without a Stripe customer. */
  purchaseIds?: Iterable<string>;
  /** Purchases paid by these payment intents (a refund names its charge's). */
  paymentIntentIds?: Iterable<string>;
  /** The Stripe event behind the change (hooks carry it). */
  eventId?: string | null;
  /** Per Stripe customer, the event behind its change (a webhook batch), else `eventId`. */
  eventByCustomer?: Map<string, string>;
}

interface SourceRow extends Record<string, unknown> {
  kind: 'subscription' | 'purchase';
  source_id: string;
  status: string;
  plan_key: string | null;
  past_due_since: unknown;
  current_period_start: unknown;
  product_key: string | null;
  payment_status: string | null;
  refunded_at: unknown;
  stripe_customer_id: string | null;
  customer_id: string | null;
  external_id: string | null;
  license: unknown;
}

const LICENSE_ROW = rowCodec<LicenseRow>(licenses);
const list = (values: Iterable<string> | undefined) => JSON.stringify([...new Set(values ?? [])]);
const inList = (json: string) => sql`(select jsonb_array_elements_text(${json}::jsonb))`;

function factsOf(row: SourceRow): SourceFacts {
  if (row.kind === 'subscription') {
    return {
      kind: 'subscription',
      subscription: {
        status: row.status,
        planKey: row.plan_key,
        pastDueSince: dateOrNull(row.past_due_since),
        currentPeriodStart: dateOrNull(row.current_period_start),
      },
    };
  }
  return {
    kind: 'purchase',
    purchase: { status: row.status, paymentStatus: row.payment_status ?? '', productKey: row.product_key, refundedAt: dateOrNull(row.refunded_at) },
  };
}

/**
 * Makes the licenses of the subscriptions and purchases in `scope` what
 * billing says they are, in the caller's transaction: the mirror road calls
 * it right after a change (mirror/apply.ts, mirror/batch.ts), so a license is
 * issued, suspended, restored or revoked in the transaction that changed
 * its subscription or purchase, with its hook. It reads the mirror's state,
 * not the event, so whatever order webhooks arrive in (duplicated,
 * shuffled, on several nodes) each license is issued once and its status is
 * the one the final state gives. A subscription or purchase first seen
 * already ended (canceled, refunded) gets no license, as it gets no
 * `subscription.activated` hook. Does nothing when the config grants no license.
 */
export async function settleLicenses(deps: Deps, scope: SettleScope): Promise<void> {
  if (!grantsLicenses(deps.config)) return;
  const customers = list(scope.stripeCustomerIds);
  const purchases = list(scope.purchaseIds);
  const intents = list(scope.paymentIntentIds);
  if (customers === '[]' && purchases === '[]' && intents === '[]') return;
  const plans = JSON.stringify(
    Object.entries(deps.config.plans)
      .filter(([, p]) => p.license)
      .map(([k]) => k),
  );
  const products = JSON.stringify(
    Object.entries(deps.config.products ?? {})
      .filter(([, p]) => p.license)
      .map(([k]) => k),
  );
  const rows = await queryRows<SourceRow>(
    deps.db,
    sql`select 'subscription' as kind, s.id as source_id, s.status, s.plan_key, s.past_due_since, s.current_period_start,
        null::text as product_key, null::text as payment_status, null::timestamptz as refunded_at,
        s.stripe_customer_id, c.id as customer_id, c.external_id, to_jsonb(l) as license
      from subscriptions s
      left join customers c on c.stripe_customer_id = s.stripe_customer_id
      left join licenses l on l.subscription_id = s.id
      where s.stripe_customer_id in ${inList(customers)} and (s.plan_key in ${inList(plans)} or l.id is not null)
      union all
      select 'purchase', p.id, p.status, null, null, null, p.product_key, p.payment_status, p.refunded_at,
        p.stripe_customer_id, c.id, coalesce(c.external_id, p.external_id), to_jsonb(l)
      from purchases p
      left join customers c on c.stripe_customer_id = p.stripe_customer_id
      left join licenses l on l.purchase_id = p.id
      where (p.stripe_customer_id in ${inList(customers)} or p.id in ${inList(purchases)} or p.payment_intent_id in ${inList(intents)})
        and (p.product_key in ${inList(products)} or l.id is not null)
      order by 2`,
  );
  const now = deps.clock.now();
  for (const row of rows) {
    const eventId = (row.stripe_customer_id ? scope.eventByCustomer?.get(row.stripe_customer_id) : undefined) ?? scope.eventId ?? null;
    const facts = factsOf(row);
    const json = typeof row.license === 'string' ? (JSON.parse(row.license) as Record<string, unknown>) : (row.license as Record<string, unknown> | null);
    let license = json ? LICENSE_ROW.fromJson(json) : null;
    if (!license) {
      const grant = issuable(deps.config, facts);
      // A license names the app's customer: it waits until the Stripe customer is linked to one.
      if (!grant || !row.external_id) continue;
      license = await issueLicense(deps, {
        ...(row.kind === 'subscription' ? { subscriptionId: row.source_id } : { purchaseId: row.source_id }),
        stripeCustomerId: row.stripe_customer_id,
        customerId: row.customer_id,
        externalId: row.external_id,
        planKey: row.kind === 'subscription' ? row.plan_key : null,
        productKey: row.kind === 'purchase' ? row.product_key : null,
        grant,
        eventId,
      });
      // Another transaction issued it first: that one settles it.
      if (!license) continue;
    } else if (facts.kind === 'subscription') {
      license = await followPlan(deps, license, facts.subscription.planKey);
    }
    await setLicenseStatus(deps, license, licenseStatus(deps.config, license, facts, now), eventId);
  }
}

/**
 * A subscription moved to another plan that grants a license: the license
 * takes that plan's features and activation limit (what validate and leases
 * report; the key keeps the claims it was signed with).
 */
async function followPlan(deps: Deps, license: LicenseRow, planKey: string | null): Promise<LicenseRow> {
  const grant = planGrant(deps.config, planKey);
  if (!grant || planKey === license.planKey) return license;
  const features = [...new Set(grant.features ?? [])];
  const [updated] = await deps.db
    .update(licenses)
    .set({ planKey, features, activationLimit: grant.activations, updatedAt: deps.clock.now() })
    .where(eq(licenses.id, license.id))
    .returning();
  return updated ?? license;
}
