// A child process for the multi-process consume test: N concurrent consumes
// against the schema given on the command line; prints how many succeeded.
// Run: node --import tsx consume.test-worker.ts <url> <schema> <count> <now>
import { workerDeps } from '../../testing/worker-deps.test-support.ts';
import { manualClock } from '../../core/lib/clock.ts';
import { consume } from './consume.ts';
import { usageTestConfig } from './fixtures.test-support.ts';

const [url, schema, count, now] = process.argv.slice(2);
if (!url || !schema || !count || !now) throw new Error('usage: consume.test-worker <url> <schema> <count> <now>');
const { deps, database } = await workerDeps({ url, schema, config: usageTestConfig, clock: manualClock(now) });
const results = await Promise.all(
  Array.from({ length: Number(count) }, (_, i) => consume(deps, { customer: 'hot', feature: 'messages', idempotencyKey: `${process.pid}-${i}` })),
);
await database.close();
process.stdout.write(`${JSON.stringify({ ok: results.filter((r) => r.ok).length })}\n`);
