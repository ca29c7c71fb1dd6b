// A child process for the multi-process activation test: N concurrent activations of one
// license key (instances named by this process) against the schema given; prints how many
// succeeded and how many were refused over the limit.
// Run: node --import tsx activate.test-worker.ts <url> <schema> <key> <count>
import { workerDeps } from '../testing/worker-deps.test-support.ts';
import { systemClock } from '../core/lib/clock.ts';
import { activateLicense } from './activate.ts';
import { licenseTestConfig } from './fixtures.test-support.ts';

const [url, schema, key, count] = process.argv.slice(2);
if (!url || !schema || !key || !count) throw new Error('usage: activate.test-worker <url> <schema> <key> <count>');
const { deps, database } = await workerDeps({ url, schema, config: licenseTestConfig, clock: systemClock });
const results = await Promise.all(Array.from({ length: Number(count) }, (_, i) => activateLicense(deps, { key, instance: `${process.pid}-${i}` })));
await database.close();
const refused = results.filter((r) => !r.ok && r.error.code === 'too_many_activations').length;
process.stdout.write(`${JSON.stringify({ ok: results.filter((r) => r.ok).length, refused })}\n`);
