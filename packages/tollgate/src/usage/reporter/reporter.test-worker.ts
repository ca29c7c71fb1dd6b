// A child process for the reporter kill test: a usage reporter's loop on the
// schema given on the command line, sending to the Stripe (emulator) URL given,
// slowly, until it is killed. Prints "started" once the loop runs. Its clock
// stands at the test's instant (ms), so leases are dated in the test's time.
// Run: node --import tsx reporter.test-worker.ts <database url> <schema> <stripe url> <calls per second> <now ms>
import { workerDeps } from '../../testing/worker-deps.test-support.ts';
import { manualClock } from '../../core/lib/clock.ts';
import { usageTestConfig } from '../ledger/fixtures.test-support.ts';
import { createRateLimiter } from './rate-limiter.ts';
import { createReporter } from './run-reporter.ts';

const [url, schema, stripeUrl, rate, nowMs] = process.argv.slice(2);
if (!url || !schema || !stripeUrl || !rate || !nowMs) throw new Error('usage: reporter.test-worker <url> <schema> <stripe url> <calls per second> <now ms>');
const clock = manualClock(Number(nowMs));
const { deps } = await workerDeps({ url, schema, config: usageTestConfig, clock, stripeUrl, poolSize: 4 });
createReporter(deps, { limiter: createRateLimiter({ ratePerSecond: Number(rate), burst: 1 }), intervalMs: 50 }).start();
process.stdout.write('started\n');
