// Benchmarks: figures are printed, never asserted. Each suite lives in its own
// file and is added here as the issues that set targets land.
import { runEmulatorBench } from './emulator.ts';
import { runHttpBench } from './http.ts';
import { runMrrBench } from './mrr.ts';
import { runUsageBench } from './usage.ts';
import { runWebhookBench } from './webhooks.ts';

const suites: { name: string; run: () => Promise<void> }[] = [
  { name: 'usage', run: runUsageBench },
  { name: 'usage over HTTP', run: runHttpBench },
  { name: 'stripe-emulator', run: runEmulatorBench },
  { name: 'webhooks', run: runWebhookBench },
  { name: 'mrr', run: runMrrBench },
];

if (suites.length === 0) console.log('no benchmark suites yet');
for (const suite of suites) {
  console.log(`\n## ${suite.name}`);
  await suite.run();
}
