import { connect, createIds, createLogger, createReporter, createStripeClient, type Deps, migrate, pushConfig, systemClock, validateConfig } from 'tollgate';
import { createMarketplaceApp } from './app.ts';
import { config } from './tollgate.config.ts';
import { createUsers } from './users.ts';

// Run: STRIPE_SECRET_KEY=sk_test_... STRIPE_WEBHOOK_SECRET=whsec_... [STRIPE_API_BASE=http://127.0.0.1:12111] [DATABASE_URL=postgres://...] npx tsx --conditions=tollgate-source examples/agent-marketplace/main.ts
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

const users = createUsers();
const demo = users.signIn({ id: 'customer_1', email: 'ada@example.com' });
const app = createMarketplaceApp(deps, { users, webhookSecret: () => process.env.STRIPE_WEBHOOK_SECRET });
// Pro's executions past 1,000 reach Stripe's meter through the reporter.
const reporter = createReporter(deps);
reporter.start();
const port = Number(process.env.PORT) || 8000;
app.listen(port, () => console.log(`agent marketplace on http://localhost:${port} (demo user: Authorization: Bearer ${demo})`));
