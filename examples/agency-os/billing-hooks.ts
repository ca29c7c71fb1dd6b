import { createHooks, type Deps, drainOutbox, formatMoney, type Hooks } from 'tollgate';
import type { Accounts } from './accounts.ts';

/**
 * The seed's webhook duties, as Tollgate hooks (each derived once from the
 * mirror, whatever order Stripe's events arrive in; handlers idempotent):
 * - checkout.session.completed -> `subscription.activated`: provision the tenant;
 * - the license Tollgate issues for the paid (or trialing) subscription ->
 *   `license.issued`: keep its key on the tenant (Tollgate suspends, restores
 *   and revokes it with billing; the app verifies it offline or online);
 * - invoice.payment_succeeded -> `payment.succeeded`: recorded in payment_events
 *   by Tollgate; the tenant is current again;
 * - invoice.payment_failed -> `payment.failed`: dunning (a notice to the tenant);
 * - customer.subscription.updated/deleted -> `entitlements.suspended` / `restored`,
 *   `subscription.canceled`: the tenant's status follows.
 */
export function billingHooks(accounts: Accounts): Hooks {
  const hooks = createHooks();
  hooks.on('subscription.activated', async (m) => {
    const tenantId = m.externalId;
    if (!tenantId) return;
    const s = m.payload.subscription;
    accounts.provision(tenantId, s.id, s.planKey, s.status === 'trialing' ? 'trialing' : 'active', m.createdAt);
  });
  hooks.on('license.issued', (m) => {
    const { license } = m.payload;
    accounts.setLicense(m.externalId ?? license.customer, license.key);
  });
  hooks.on('payment.succeeded', (m) => {
    if (m.externalId && accounts.tenant(m.externalId)?.status === 'past_due') accounts.setStatus(m.externalId, 'active');
  });
  hooks.on('payment.failed', (m) => {
    if (!m.externalId) return;
    const invoice = m.payload.invoice;
    accounts.setStatus(m.externalId, 'past_due');
    accounts.notify(
      m.externalId,
      `Payment of ${formatMoney({ amount: invoice.amountDue, currency: invoice.currency })} failed (attempt ${invoice.attemptCount}). Update your card: ${invoice.hostedInvoiceUrl ?? ''}`,
    );
  });
  hooks.on('entitlements.suspended', (m) => {
    if (m.externalId) accounts.setStatus(m.externalId, 'suspended');
  });
  hooks.on('entitlements.restored', (m) => {
    if (m.externalId) accounts.setStatus(m.externalId, 'active');
  });
  hooks.on('subscription.canceled', (m) => {
    if (m.externalId) accounts.setStatus(m.externalId, 'canceled');
  });
  return hooks;
}

/** Delivers every waiting hook (what the app's timer does). */
export async function drainHooks(deps: Deps, hooks: Hooks): Promise<void> {
  for (;;) {
    const r = await drainOutbox(deps, (m) => hooks.dispatch(m), { consumer: 'agency-os' });
    if (r.delivered + r.failed + r.dead < 100) return;
  }
}
