// ESLint flat config: type-aware rules over every package.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '.ci/**',
      '**/*.cjs',
      '**/*.d.cts',
      'packages/*/types/**',
      '**/node_modules/**',
      '**/dist/**',
      '**/drizzle/**',
      '**/.tollgate/**',
      'test-artifacts/**',
      '**/.next/**',
      '**/*.mjs',
      '**/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/only-throw-error': 'off',
      'no-restricted-exports': ['error', { restrictDefaultExports: { direct: true, named: true, defaultFrom: true, namedFrom: true, namespaceFrom: true } }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
    },
    settings: {
      'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } },
    },
  },
  {
    // Request paths: a getter written in an object literal is a new closure each time, so V8
    // gives each such object a hidden class of its own; on the per-request handler context
    // that cost POST /track a fifth of its throughput. A class holds the getter once.
    files: ['packages/*/src/**/*.ts', 'packages/*/src/**/*.tsx'],
    ignores: ['**/testing/**', '**/*.test.ts', '**/*.test.tsx', '**/*.test-support.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ObjectExpression > Property[kind='get'], ObjectExpression > Property[kind='set']",
          message: 'no getter or setter in an object literal (V8 makes each such object a hidden class of its own); use a class',
        },
      ],
    },
  },
  {
    // The engine's roads (docs/architecture.md, "The roads in the folders"): a
    // wrong-way import fails the lint, and so CI.
    files: ['packages/tollgate/src/**/*.ts', 'packages/tollgate/src/**/*.tsx'],
    ignores: ['**/*.test.ts', '**/*.test.tsx', '**/*.test-support.ts', '**/test-support.ts', '**/*.test-worker.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname + '/packages/tollgate/src',
          zones: [
            { target: './stripe-in', from: './commands', message: 'Stripe state in (road 1) never calls a command (road 2).' },
            { target: './usage', from: './stripe-in', message: 'Usage (road 3) never imports the Stripe mirror: it reads entitlement snapshots and counters.' },
            { target: './reads', from: './commands', message: 'Reads (road 4) never call a command.' },
            {
              target: './core',
              from: ['./stripe-in', './commands', './usage', './reads', './notify', './edges', './licenses'],
              message: 'core is what every road stands on: it imports no road.',
            },
            {
              target: ['./stripe-in', './commands', './usage', './reads', './notify', './licenses', './core'],
              from: './edges',
              message: 'Only the edges (HTTP, CLI, client) know about transports: nothing inside imports them.',
            },
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'stripe-emulator',
              message: 'The engine meets the emulator only over HTTP: tests and dev tooling may start it, engine code never imports it.',
            },
          ],
          patterns: [{ group: ['stripe-emulator/*'], message: 'The engine never imports the emulator.' }],
        },
      ],
    },
  },
  {
    // Dev tooling and the test helpers shipped as `tollgate/testing` start an emulator.
    files: ['packages/tollgate/src/testing/**', 'packages/tollgate/src/edges/cli/dev/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Next.js App Router pages and layouts are default exports by the framework's contract.
    files: ['examples/nextjs-chatbot/app/**/page.tsx', 'examples/nextjs-chatbot/app/**/layout.tsx'],
    rules: { 'no-restricted-exports': 'off' },
  },
  {
    // Tool configuration files must default-export by their tools' contracts.
    files: ['**/*.config.ts'],
    rules: { 'no-restricted-exports': 'off' },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
