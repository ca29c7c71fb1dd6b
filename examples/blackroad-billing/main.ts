import { startEngine } from 'tollgate';
import { runCli } from './cli.ts';
import { config } from './tollgate.config.ts';

// stripe_billing <command>: STRIPE_SECRET_KEY=sk_test_... [STRIPE_API_BASE=http://127.0.0.1:12111]
// [STRIPE_WEBHOOK_SECRET=whsec_...] [DATABASE_URL=postgres://...] npx tsx --conditions=tollgate-source examples/blackroad-billing/main.ts metrics mrr
if (!process.env.STRIPE_SECRET_KEY) {
  console.error('error: set STRIPE_SECRET_KEY (a test key, or any sk_test_ key with STRIPE_API_BASE pointing at the stripe-emulator)');
  process.exit(78);
}
// The CLI works on Stripe as it is: no push.
const { deps, close } = await startEngine({ config, push: false });
const io = { out: (line: string) => console.log(line), err: (line: string) => console.error(line) };
const result = await runCli(process.argv.slice(2), io, { deps, webhookSecret: () => process.env.STRIPE_WEBHOOK_SECRET });
if (result.server) {
  const server = result.server;
  process.once('SIGINT', () => void server.close().then(close));
} else {
  await close();
  process.exitCode = result.code;
}
