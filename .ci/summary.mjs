// Totals the JSON reports of a CI run and lists every test over 5 s (a report,
// not a failure: slowness made visible). Exits 1 if any test failed.
// Usage: node .ci/summary.mjs <reports dir> <seconds taken>
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const [dir, took] = process.argv.slice(2);
const SLOW_MS = 5000;
let passed = 0;
let failed = 0;
let skipped = 0;
const slow = [];
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const name = file.replace(/\.json$/, '');
  const skips = report.numPendingTests + report.numTodoTests;
  console.log(`${name.padEnd(18)} ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skips} skipped`);
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += skips;
  for (const suite of report.testResults) {
    for (const test of suite.assertionResults) {
      if ((test.duration ?? 0) > SLOW_MS) slow.push({ ms: test.duration, run: name, file: relative(process.cwd(), suite.name), title: test.fullName });
    }
  }
}
console.log(`took ${took}s`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (slow.length > 0) {
  console.log(`\ntests over ${SLOW_MS / 1000} s (${slow.length}):`);
  for (const t of slow.sort((a, b) => b.ms - a.ms)) console.log(`  ${(t.ms / 1000).toFixed(1).padStart(5)} s  ${t.run.padEnd(16)} ${t.file}  ${t.title}`);
}
process.exit(failed > 0 ? 1 : 0);
