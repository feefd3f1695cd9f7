import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/**
 * Vitest globalSetup for the integration project: bundles the CLI (scripts/build-cli.mjs) once, in
 * Vitest's main process, before any test file starts. Every file runs the CLI it builds through
 * test/support/run-cli.ts. Files once each rebuilt it in their own beforeAll: with three workers the
 * bundle was rewritten while another file's CLI was loading its lazy chunks, and a synchronous build
 * in a worker blocks that worker's RPC with Vitest.
 */
export default function buildCliBundle(): void {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    stdio: 'inherit',
  })
}
