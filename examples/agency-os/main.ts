import { serve } from '@hono/node-server';
import { startEngine, startSuspensionSweep } from 'tollgate';
import { createAccounts } from './accounts.ts';
import { createAgencyOsApp } from './app.ts';
import { billingHooks, drainHooks } from './billing-hooks.ts';
import { config } from './tollgate.config.ts';

// Run: STRIPE_SECRET_KEY=sk_test_... STRIPE_WEBHOOK_SECRET=whsec_... [STRIPE_PRICE_SOLO=price_...] [STRIPE_API_BASE=http://127.0.0.1:12111] npx tsx --conditions=tollgate-source examples/agency-os/main.ts
// Config validated, database connected and migrated, Stripe made to match the config (idempotent; `tollgate push --yes` does the same).
const { deps } = await startEngine({ config });

const accounts = createAccounts();
console.log(`member of tenant_123: Bearer ${accounts.member('user_1', 'tenant_123')}; operator: Bearer ${accounts.operator('ops_1')}`);
const hooks = billingHooks(accounts);
const prices = { solo: process.env.STRIPE_PRICE_SOLO, team: process.env.STRIPE_PRICE_TEAM, enterprise: process.env.STRIPE_PRICE_ENTERPRISE };
const app = createAgencyOsApp(deps, {
  accounts,
  webhookSecret: () => process.env.STRIPE_WEBHOOK_SECRET,
  prices: Object.fromEntries(Object.entries(prices).filter(([, v]) => v !== undefined && v !== '')),
});
startSuspensionSweep(deps);
setInterval(() => void drainHooks(deps, hooks).catch((e: unknown) => console.error('hooks', e)), 1000);
serve({ fetch: app.fetch, port: Number(process.env.PORT) || 8080 }, (info) =>
  console.log(`Agency OS payments on http://localhost:${info.port}/payments/stripe`),
);
