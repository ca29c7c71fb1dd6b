import { defineConfig } from 'vitest/config';

// Under CI a JSON report is written too, so .ci/run can total every run.
const report = process.env.VITEST_JSON_REPORT;

export default defineConfig({
  test: {
    reporters: report ? ['default', ['json', { outputFile: report }]] : ['default'],
    projects: [
      {
        test: {
          name: 'stripe-emulator',
          root: './packages/stripe-emulator',
          include: ['src/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'tollgate',
          root: './packages/tollgate',
          include: ['src/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000, // spawned CLI and dev tests boot PGlite and tsx; CI runs two files at once
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'react',
          root: './packages/react',
          include: ['src/**/*.test.tsx', 'src/**/*.test.ts'],
          environment: 'jsdom',
        },
      },
    ],
  },
});
