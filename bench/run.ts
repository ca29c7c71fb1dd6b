// Benchmarks: figures are printed, never asserted. Each suite lives in its own
// file, loaded only when it runs.
const suites: { name: string; run: () => Promise<void> }[] = [
  { name: 'usage', run: async () => (await import('./usage.ts')).runUsageBench() },
  { name: 'credits', run: async () => (await import('./credits.ts')).runCreditsBench() },
  { name: 'usage over HTTP', run: async () => (await import('./http.ts')).runHttpBench() },
  { name: 'stripe-emulator', run: async () => (await import('./emulator.ts')).runEmulatorBench() },
  { name: 'webhooks', run: async () => (await import('./webhooks.ts')).runWebhookBench() },
  { name: 'mrr', run: async () => (await import('./mrr.ts')).runMrrBench() },
  { name: 'licenses', run: async () => (await import('./licenses.ts')).runLicenseBench() },
  { name: 'dashboard', run: async () => (await import('./dashboard.ts')).runDashboardBench() },
];

// BENCH_SUITES=webhooks,mrr runs only the named suites (matched by prefix).
const only = (process.env.BENCH_SUITES ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const chosen = only.length === 0 ? suites : suites.filter((s) => only.some((o) => s.name.startsWith(o)));
if (chosen.length === 0) console.log(`no benchmark suite matches BENCH_SUITES=${process.env.BENCH_SUITES ?? ''}`);
for (const suite of chosen) {
  console.log(`\n## ${suite.name}`);
  await suite.run();
}
// tollgate/testing's database helper keeps one admin session per process (it empties and drops test
// schemas), which would keep Node running after the last suite: the run ends here.
process.exit(0);
