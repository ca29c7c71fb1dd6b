import { serve } from '@hono/node-server';
import { startEngine } from 'tollgate';
import { createSaasApp } from './app.ts';
import { config } from './tollgate.config.ts';

// Run: STRIPE_SECRET_KEY=sk_test_... STRIPE_WEBHOOK_SECRET=whsec_... [STRIPE_API_BASE=http://127.0.0.1:12111] [DATABASE_URL=postgres://...] npx tsx --conditions=tollgate-source examples/hono-saas/main.ts
// Plans as code: config validated, database migrated, Stripe made to match the config (idempotent; `tollgate push --yes` does the same).
const { deps } = await startEngine({ config });

const port = Number(process.env.PORT) || 3000;
const app = createSaasApp(deps, {
  appUrl: `http://localhost:${port}`,
  // Stand-in for the app's own sign-in: the user id comes from a header here.
  userOf: (request) => request.headers.get('x-user-id') ?? undefined,
  webhookSecret: () => process.env.STRIPE_WEBHOOK_SECRET,
});
serve({ fetch: app.fetch, port }, (info) => console.log(`example app on http://localhost:${info.port}`));
