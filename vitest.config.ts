import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * The workspace packages export their compiled dist/ (what is published), and
 * their TypeScript sources under the `tollgate-source` condition: tests run the
 * sources, no build needed. (tsconfig.base.json names the same condition.)
 */
const sources = {
  resolve: { conditions: ['tollgate-source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['tollgate-source', ...defaultServerConditions] } },
};

// Under CI a JSON report is written too, so .ci/run can total every run and list slow tests.
const report = process.env.VITEST_JSON_REPORT;

// A test that takes longer than this is hung, not slow: CI lists every test over 5 s.
const timeouts = { testTimeout: 15_000, hookTimeout: 15_000, slowTestThreshold: 5_000 };

const tollgate = (name: string, include: string[], env: Record<string, string> = {}): TestProjectInlineConfiguration => ({
  ...sources,
  test: {
    name,
    root: './packages/tollgate',
    include,
    environment: 'node',
    env,
    ...timeouts,
    // Each file gets fresh modules (no state leaks between files), while the
    // worker's PGlite instances and migrated test schemas serve every file it
    // runs (testing/db.ts keeps them on globalThis); the setup file warms them
    // before the first test's clock starts.
    isolate: true,
    setupFiles: ['./src/testing/warm-up.test-support.ts'],
  },
});

/**
 * Test clocks start at testNow() (TOLLGATE_TEST_NOW). With TOLLGATE_TEST_DATES=1
 * the suites whose answers depend on the date run again from instants where
 * date bugs live: a leap day before midnight, the US and EU DST changes, a
 * year end. `.ci/run` runs them as `--project 'tollgate@*'`.
 */
const DATE_SENSITIVE = [
  // Allowance windows (day, month, billing period) and the past-due grace.
  'usage/entitlements/windows',
  'usage/entitlements/check',
  'usage/entitlements/check-group',
  'usage/entitlements/past-due-grace',
  'usage/ledger/consume',
  'usage/ledger/track',
  'usage/ledger/track-batch',
  'commands/customers/align-counters',
  // Meter windows, Stripe's 35-day limit, pacing, the invoice that carries usage.
  'usage/reporter/plan-reports',
  'usage/reporter/pacing',
  'usage/reporter/report-to-stripe',
  'usage/reporter/stream',
  'usage/reporter/invoice',
  // Periods, proration, renewals and MRR.
  'commands/subscriptions/lifecycle',
  'commands/subscriptions/downgrade',
  'commands/subscriptions/seats',
  'stripe-in/mirror/past-due-since',
  'reads/metrics/metrics',
  'reads/metrics/discounted-mrr',
  'usage/entitlements/sweep-suspensions',
  'commands/subscriptions/sync-seats',
  // Plan versions: each version billed at renewal; migrations scheduled for the period end.
  'commands/plans/versions',
  'edges/cli/commands/plans',
].map((file) => `src/${file}.test.ts`);
const TODAYS: Record<string, string> = {
  'leap-day': '2028-02-29T23:30:00Z',
  'us-dst': '2026-03-08T06:45:00Z',
  'eu-dst-end': '2026-10-25T00:45:00Z',
  'year-end': '2026-12-31T23:45:00Z',
};
const dateProjects = process.env.TOLLGATE_TEST_DATES
  ? Object.entries(TODAYS).map(([label, now]) => tollgate(`tollgate@${label}`, DATE_SENSITIVE, { TOLLGATE_TEST_NOW: now }))
  : [];

// Tests mostly wait on Postgres, sockets and the emulator, so more workers than
// cores pays (Vitest's default is cores - 1: one worker on a 2-core box).
// TOLLGATE_TEST_WORKERS overrides it.
const workers = Number(process.env.TOLLGATE_TEST_WORKERS) || 3;

export default defineConfig({
  test: {
    // Worker processes are reused between files (Vitest otherwise forks a new
    // process per file, and each would boot PGlite and migrate again); each
    // project below still says whether its files share modules. minWorkers =
    // maxWorkers: with fewer, the pool retires idle workers mid-run and Vitest
    // 3.2 reports "Terminating worker thread" as an unhandled rejection.
    poolOptions: { forks: { isolate: false } },
    maxWorkers: workers,
    minWorkers: workers,
    reporters: report ? ['default', ['json', { outputFile: report }]] : ['default'],
    globalSetup: ['./vitest.global-setup.ts'],
    projects: [
      {
        ...sources,
        test: {
          name: 'stripe-emulator',
          root: './packages/stripe-emulator',
          include: ['src/**/*.test.ts'],
          environment: 'node',
          ...timeouts,
          // Files share a worker's module graph: no test mutates module state.
          isolate: false,
        },
      },
      tollgate('tollgate', ['src/**/*.test.ts']),
      ...dateProjects,
      {
        // The example apps (examples/<name>/*.test.ts): each drives its app over real HTTP against an
        // emulator and a real database, importing tollgate by package name. Fresh modules per file; the
        // worker's PGlite instances are kept (the engine's warm-up file boots them before the first test).
        // The examples import the workspace packages by name: their TypeScript sources (`tollgate-source`).
        ...sources,
        test: {
          name: 'examples',
          root: './examples',
          include: ['*/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'nextjs-chatbot/**'],
          environment: 'node',
          ...timeouts,
          isolate: true,
          setupFiles: ['../packages/tollgate/src/testing/warm-up.test-support.ts'],
        },
      },
      {
        // Seed 004's chatbot in Next.js: `next build`, `next start` against the emulator, driven in
        // Chromium. The Next app runs the packages as installed (dist/, built by the test when
        // missing); the test's own imports (the emulator it starts) resolve to the sources.
        ...sources,
        test: {
          name: 'nextjs-chatbot',
          root: './examples/nextjs-chatbot',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          ...timeouts,
          isolate: true,
        },
      },
      {
        // Repository tooling (the generated currency tables' check).
        ...sources,
        test: { name: 'scripts', root: './scripts', include: ['**/*.test.ts'], environment: 'node', ...timeouts, isolate: true },
      },
      {
        ...sources,
        test: {
          name: 'react',
          root: './packages/react',
          include: ['src/**/*.test.tsx', 'src/**/*.test.ts'],
          environment: 'jsdom',
          ...timeouts,
          // A worker per file: React, jsdom and testing-library are loaded by
          // Node once per worker and bind to that worker's first document.
          pool: 'threads',
          setupFiles: ['./src/testing/setup.ts'],
        },
      },
    ],
  },
});
