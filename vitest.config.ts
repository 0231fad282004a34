import { defineConfig } from 'vitest/config';

/**
 * Tiers with clear seams: `unit` never touches I/O; `integration` and `cdk` (what `npm test` runs)
 * share one embedded stack (DynamoDB Local + fauxqs) started once per run by the global setup;
 * `scale` proves the same properties at the sizes the README quotes; `chaos` and `e2e` as named.
 * Each test creates its own table and queues, so files run in parallel: most of their time is
 * spent waiting on the emulators, so more workers than cores pays off. Unit and integration files
 * share one module graph per worker (`isolate: false`): every test builds its own service, stores
 * and clients (module-level values are constants and memoised schemas) and no test edits process.env (the cdk tier does, and stays isolated), and loading
 * lib/ once per file was a third of the suite's time.
 */
export default defineConfig({
  test: {
    maxWorkers: 4,
    projects: [
      // Unit tests are pure: one module graph per worker instead of one per file (import time dominates them).
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', isolate: false } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          isolate: false,
          globalSetup: ['tests/setup/global-stack.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'cdk',
          include: ['tests/cdk/**/*.test.ts'],
          globalSetup: ['tests/setup/global-stack.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'scale',
          include: ['tests/scale/**/*.test.ts'],
          globalSetup: ['tests/setup/global-stack.ts'],
          testTimeout: 600_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'chaos',
          include: ['tests/chaos/**/*.test.ts'],
          globalSetup: ['tests/setup/global-stack.ts'],
          testTimeout: 900_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          globalSetup: ['tests/setup/global-stack.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
