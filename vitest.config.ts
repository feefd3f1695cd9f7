import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'
import { viteAliases } from './scripts/path-aliases.mjs'

// `#shared/…`, `#electron/…` (scripts/path-aliases.mjs); inline projects do not inherit the root's `resolve`
const resolve = { alias: viteAliases(import.meta.dirname) }

/**
 * Vitest starts the files it remembers as slowest first, but CI starts from a fresh clone with no
 * memory: then it orders by file size, and a short file that runs for minutes would start last and
 * keep one worker busy alone at the end. Files matching `startFirst` start before all others; the
 * rest keep Vitest's own order.
 */
function longFilesFirst(startFirst: RegExp[]) {
  return class LongFilesFirst extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      const sorted = await super.sort(files)
      const isLong = (file: TestSpecification) => startFirst.some((pattern) => pattern.test(file.moduleId))
      return [...sorted.filter(isLong), ...sorted.filter((file) => !isLong(file))]
    }
  }
}

export default defineConfig({
  test: {
    // The README run (a fresh clone and `npm ci`) is the longest file by far: start it first so the
    // other files fill the remaining workers around it instead of waiting behind it at the end.
    sequence: { sequencer: longFilesFirst([/readme-examples\.test\.ts$/]) },
    projects: [
      {
        resolve,
        test: {
          name: 'unit',
          // .tsx: renderer unit tests, typechecked with the DOM libs by tsconfig.web.json
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
          environment: 'node',
          // Worker threads, not forked processes: the same 2,300 tests cost 0.77–0.81× the CPU (a fork
          // per worker re-loads Node and every shared module; measured side by side on the full suite).
          // No unit test changes directory or needs a process of its own.
          pool: 'threads',
          // A few unit tests start a child process (node on a script, esbuild, ESLint's first load): on a
          // loaded CI core that takes seconds, and Vitest's 5 s default failed green tests under load.
          testTimeout: 30_000,
        },
      },
      {
        resolve,
        test: {
          // property-based: 10,000 cases per target (FUZZ_RUNS), random and structured-random input
          name: 'fuzz',
          include: ['test/fuzz/**/*.fuzz.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
        },
      },
      {
        resolve,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Files run in parallel against the one private keyring: the setup file gives each file its
          // own keychain service and default data dir. Most of a file's time is spent waiting on CLI
          // child processes, the keyring daemon and (readme-examples) npm, so more workers than cores.
          setupFiles: ['test/support/integration-isolation.ts'],
          // the CLI under test is bundled once, before any file starts (not by each file: see the module)
          globalSetup: ['test/support/build-cli-bundle.ts'],
          maxWorkers: 3,
        },
      },
    ],
  },
})
