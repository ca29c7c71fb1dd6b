import { serve } from '@hono/node-server';
import { createReporter, startEngine, startSuspensionSweep } from 'tollgate';
import { createArchitectApp } from './app.ts';
import { billingHooks, drainHooks } from './billing-hooks.ts';
import { createOrgs } from './orgs.ts';
import { createPipeline } from './pipeline.ts';
import { config } from './tollgate.config.ts';

// Run: STRIPE_SECRET_KEY=sk_test_... STRIPE_WEBHOOK_SECRET=whsec_... [STRIPE_API_BASE=http://127.0.0.1:12111] [DATABASE_URL=...] npx tsx --conditions=tollgate-source examples/agent-architect/main.ts
// Config validated, database connected and migrated, Stripe made to match the config (idempotent; `tollgate push --yes` does the same).
const { deps } = await startEngine({ config });

const orgs = createOrgs();
const demoKey = orgs.add('org_123');
const hooks = billingHooks(orgs, (org, message) => console.log(`[${org}] ${message}`));
const port = Number(process.env.PORT) || 3000;
const app = createArchitectApp(deps, {
  appUrl: `http://localhost:${port}`,
  orgs,
  pipeline: createPipeline(deps, orgs),
  webhookSecret: () => process.env.STRIPE_WEBHOOK_SECRET,
});

// Background work: per-lead usage to the Billing Meter, suspensions when a grace ends, hooks to the agents.
createReporter(deps).start();
startSuspensionSweep(deps);
setInterval(() => void drainHooks(deps, hooks).catch((e: unknown) => console.error('hooks', e)), 1000);
serve({ fetch: app.fetch, port }, (info) => console.log(`agent architect on http://localhost:${info.port} (org_123's key: ${demoKey})`));
