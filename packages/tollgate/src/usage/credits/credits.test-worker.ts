// A child process for the multi-process credit tests: `count` concurrent
// consumes of `amount` messages by `customer` against the schema given on the
// command line; with a Stripe URL, then a run of the auto top-ups there.
// Prints how many consumes succeeded and what the top-up run did.
// Run: node --import tsx credits.test-worker.ts <url> <schema> <customer> <count> <amount> <now> [stripe url]
import { workerDeps } from '../../testing/worker-deps.test-support.ts';
import { manualClock } from '../../core/lib/clock.ts';
import { consume } from '../ledger/consume.ts';
import { runTopUps } from './run-top-ups.ts';
import { creditsTestConfig } from './fixtures.test-support.ts';

const [url, schema, customer, count, amount, now, stripeUrl] = process.argv.slice(2);
if (!url || !schema || !customer || !count || !amount || !now)
  throw new Error('usage: credits.test-worker <url> <schema> <customer> <count> <amount> <now> [stripe url]');
const clock = manualClock(now);
const { deps, database } = await workerDeps({ url, schema, config: creditsTestConfig, clock, stripeUrl });
const results = await Promise.all(
  Array.from({ length: Number(count) }, (_, i) =>
    consume(deps, { customer, feature: 'messages', amount: Number(amount), idempotencyKey: `${process.pid}-${i}` }),
  ),
);
const topUps = stripeUrl ? await runTopUps(deps) : null;
await database.close();
process.stdout.write(`${JSON.stringify({ ok: results.filter((r) => r.ok).length, topUps })}\n`);
