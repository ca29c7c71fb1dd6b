import { createReporter, startEngine } from 'tollgate';
import { createMarketplaceApp } from './app.ts';
import { config } from './tollgate.config.ts';
import { createUsers } from './users.ts';

// Run: STRIPE_SECRET_KEY=sk_test_... STRIPE_WEBHOOK_SECRET=whsec_... [STRIPE_API_BASE=http://127.0.0.1:12111] [DATABASE_URL=postgres://...] npx tsx --conditions=tollgate-source examples/agent-marketplace/main.ts
// Config validated, database connected and migrated, Stripe made to match the config (idempotent; `tollgate push --yes` does the same).
const { deps } = await startEngine({ config });

const users = createUsers();
const demo = users.signIn({ id: 'customer_1', email: 'ada@example.com' });
const app = createMarketplaceApp(deps, { users, webhookSecret: () => process.env.STRIPE_WEBHOOK_SECRET });
// Pro's executions past 1,000 reach Stripe's meter through the reporter.
const reporter = createReporter(deps);
reporter.start();
const port = Number(process.env.PORT) || 8000;
app.listen(port, () => console.log(`agent marketplace on http://localhost:${port} (demo user: Authorization: Bearer ${demo})`));
