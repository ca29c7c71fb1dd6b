import { licenses } from '../core/db/schema/licenses.ts';
import type { LicenseGrant } from '../core/config/types.ts';
import { enqueueHooks } from '../notify/hooks/enqueue.ts';
import { unixSeconds } from '../core/lib/clock.ts';
import type { Deps } from '../core/lib/deps.ts';
import { type LicenseRow, licenseSnapshot } from './row.ts';
import { signToken } from './sign.ts';
import { activeSigningKey } from './signing-key.ts';

export interface IssueLicenseInput {
  /** Exactly one of the two: the subscription or the purchase (`cs_...`) it belongs to. */
  subscriptionId?: string;
  purchaseId?: string;
  stripeCustomerId: string | null;
  customerId: string | null;
  /** The app's id for the customer: the key's `sub`. */
  externalId: string;
  planKey: string | null;
  productKey: string | null;
  grant: LicenseGrant;
  /** The Stripe event that made it paid, for the hook. */
  eventId?: string | null;
}

const DAY_MS = 86_400_000;

/**
 * Issues the license of a subscription or purchase: signs its key with the
 * active signing key and stores it with the `license.issued` hook, in the
 * caller's transaction (the mirror change that made it paid). Exactly once:
 * the table allows one license per subscription and per purchase, so a
 * second issue (a duplicate or reordered webhook, another node) inserts
 * nothing and answers null.
 */
export async function issueLicense(deps: Deps, input: IssueLicenseInput): Promise<LicenseRow | null> {
  const now = deps.clock.now();
  const issuedAt = new Date(unixSeconds(now) * 1000);
  const validFor = input.grant.validFor;
  const expiresAt = typeof validFor === 'object' ? new Date(issuedAt.getTime() + validFor.days * DAY_MS) : null;
  const id = deps.ids.next('lic');
  const features = [...new Set(input.grant.features ?? [])];
  const signingKey = await activeSigningKey(deps);
  const key = signToken(
    'license',
    {
      v: 1,
      lid: id,
      sub: input.externalId,
      plan: input.planKey,
      product: input.productKey,
      features,
      act: input.grant.activations,
      iat: unixSeconds(issuedAt),
      exp: expiresAt ? unixSeconds(expiresAt) : null,
    },
    signingKey,
  );
  const [row] = await deps.db
    .insert(licenses)
    .values({
      id,
      key,
      signingKeyId: signingKey.id,
      stripeCustomerId: input.stripeCustomerId,
      customerId: input.customerId,
      externalId: input.externalId,
      subscriptionId: input.subscriptionId ?? null,
      purchaseId: input.purchaseId ?? null,
      planKey: input.planKey,
      productKey: input.productKey,
      features,
      activationLimit: input.grant.activations,
      status: 'active',
      statusReason: null,
      issuedAt,
      expiresAt,
      statusChangedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) return null;
  await enqueueHooks(
    deps,
    [{ type: 'license.issued', objectId: row.id, stripeCustomerId: row.stripeCustomerId, payload: { license: licenseSnapshot(row) } }],
    input.eventId ?? null,
  );
  return row;
}
