import { connect, createIds, createLogger, createStripeClient, type Deps, migrate, systemClock, validateConfig } from 'tollgate';
import { runCli } from './cli.ts';
import { config } from './tollgate.config.ts';

// stripe_billing <command>: STRIPE_SECRET_KEY=sk_test_... [STRIPE_API_BASE=http://127.0.0.1:12111]
// [STRIPE_WEBHOOK_SECRET=whsec_...] [DATABASE_URL=postgres://...] npx tsx --conditions=tollgate-source examples/blackroad-billing/main.ts metrics mrr
const key = process.env.STRIPE_SECRET_KEY;
if (!key) {
  console.error('error: set STRIPE_SECRET_KEY (a test key, or any sk_test_ key with STRIPE_API_BASE pointing at the stripe-emulator)');
  process.exit(78);
}
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
const io = { out: (line: string) => console.log(line), err: (line: string) => console.error(line) };
const result = await runCli(process.argv.slice(2), io, { deps, webhookSecret: () => process.env.STRIPE_WEBHOOK_SECRET });
if (result.server) {
  const server = result.server;
  process.once('SIGINT', () => void server.close().then(() => database.close()));
} else {
  await database.close();
  process.exitCode = result.code;
}
