// A child process for the multi-process consume test: N concurrent consumes
// against the schema given on the command line; prints how many succeeded.
// Run: node --import tsx consume.test-worker.ts <url> <schema> <count> <now>
import { validateConfig } from '../../core/config/validate.ts';
import { connect } from '../../core/db/connect.ts';
import { manualClock } from '../../core/lib/clock.ts';
import { createIds } from '../../core/lib/ids.ts';
import { silentLogger } from '../../core/lib/log.ts';
import { createStripeClient } from '../../core/stripe/client.ts';
import { consume } from './consume.ts';
import { usageTestConfig } from './fixtures.test-support.ts';

const [url, schema, count, now] = process.argv.slice(2);
if (!url || !schema || !count || !now) throw new Error('usage: consume.test-worker <url> <schema> <count> <now>');
const config = validateConfig(usageTestConfig);
if (!config.ok) throw new Error('invalid test config');
const database = await connect({ url, searchPath: schema, poolSize: 8 });
const clock = manualClock(now);
const deps = {
  config: config.value,
  db: database.db,
  stripe: createStripeClient({ apiKey: 'sk_test_unused', baseUrl: 'http://127.0.0.1:1' }),
  clock,
  ids: createIds(clock),
  log: silentLogger,
};
const results = await Promise.all(
  Array.from({ length: Number(count) }, (_, i) => consume(deps, { customer: 'hot', feature: 'messages', idempotencyKey: `${process.pid}-${i}` })),
);
await database.close();
process.stdout.write(`${JSON.stringify({ ok: results.filter((r) => r.ok).length })}\n`);
