import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // .tsx: renderer unit tests, typechecked with the DOM libs by tsconfig.web.json
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
          environment: 'node',
        },
      },
      {
        test: {
          // property-based: 10,000 cases per target (FUZZ_RUNS), random and structured-random input
          name: 'fuzz',
          include: ['test/fuzz/**/*.fuzz.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // The integration suites share one private keyring and spawn CLI processes: run files one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
})
