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

// BENCH_SUITES=webhooks,mrr runs only the named suites (matched by prefix).
const only = (process.env.BENCH_SUITES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const chosen = only.length === 0 ? suites : suites.filter((s) => only.some((o) => s.name.startsWith(o)));
if (chosen.length === 0) console.log(`no benchmark suite matches BENCH_SUITES=${process.env.BENCH_SUITES ?? ''}`);
for (const suite of chosen) {
  console.log(`\n## ${suite.name}`);
  await suite.run();
}
