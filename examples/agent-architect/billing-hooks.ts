import { createHooks, type Deps, drainOutbox, type Hooks } from 'tollgate';
import type { Orgs } from './orgs.ts';

/**
 * What billing does to the org's agents, from Tollgate's hooks (the seed sent
 * `billing/payment.failed` to Inngest from its webhook handler):
 * - `payment.failed`: the org is told (its agents keep running through the grace days);
 * - `entitlements.suspended`: the grace ended unpaid: pause the org's agents;
 * - `entitlements.restored`: the invoice was paid: resume them.
 * Each fires once per transition; handlers are idempotent anyway (at least once).
 */
export function billingHooks(orgs: Orgs, notify: (org: string, message: string) => void): Hooks {
  const hooks = createHooks();
  hooks.on('payment.failed', (m) => {
    if (m.externalId) notify(m.externalId, `Payment failed (attempt ${m.payload.invoice.attemptCount}): update your card to keep your agents running.`);
  });
  hooks.on('entitlements.suspended', (m) => {
    if (!m.externalId) return;
    orgs.pause(m.externalId, 'payment required');
    notify(m.externalId, 'Agents paused: payment required.');
  });
  hooks.on('entitlements.restored', (m) => {
    if (!m.externalId) return;
    orgs.resume(m.externalId);
    notify(m.externalId, 'Payment received: agents resumed.');
  });
  return hooks;
}

/** Delivers every waiting hook to the handlers (what the app's timer does). */
export async function drainHooks(deps: Deps, hooks: Hooks): Promise<void> {
  for (;;) {
    const r = await drainOutbox(deps, (m) => hooks.dispatch(m), { consumer: 'agent-architect' });
    if (r.delivered + r.failed + r.dead < 100) return;
  }
}
