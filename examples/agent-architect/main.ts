import { serve } from '@hono/node-server';
import {
  connect,
  createIds,
  createLogger,
  createReporter,
  createStripeClient,
  type Deps,
  migrate,
  pushConfig,
  startSuspensionSweep,
  systemClock,
  validateConfig,
} from 'tollgate';
import { createArchitectApp } from './app.ts';
import { billingHooks, drainHooks } from './billing-hooks.ts';
import { createOrgs } from './orgs.ts';
import { createPipeline } from './pipeline.ts';
import { config } from './tollgate.config.ts';

// Run: STRIPE_SECRET_KEY=sk_test_... STRIPE_WEBHOOK_SECRET=whsec_... [STRIPE_API_BASE=http://127.0.0.1:12111] [DATABASE_URL=...] npx tsx --conditions=tollgate-source examples/agent-architect/main.ts
const key = process.env.STRIPE_SECRET_KEY;
if (!key) throw new Error('set STRIPE_SECRET_KEY (a test key, or any sk_test_ key with STRIPE_API_BASE pointing at the stripe-emulator)');
const validated = validateConfig(config);
if (!validated.ok) throw new Error(validated.error.map((e) => e.message).join('\n'));
const database = await connect({ url: process.env.DATABASE_URL });
await migrate(database.db);
const deps: Deps = {
  config: validated.value,
  db: database.db,
  stripe: createStripeClient({ apiKey: key, baseUrl: process.env.STRIPE_API_BASE }),
  clock: systemClock,
  ids: createIds(systemClock),
  log: createLogger(),
};
const pushed = await pushConfig(deps, { apply: true });
if (!pushed.ok) throw new Error(pushed.error.message);

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
