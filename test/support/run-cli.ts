import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { runProcess } from './run-process'

/** The real CLI as a child process, exactly as a user or a pipeline runs it. */
export const signetBin = fileURLToPath(new URL('../../bin/signet.mjs', import.meta.url))
const bundle = fileURLToPath(new URL('../../out/cli/start.mjs', import.meta.url))

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * Runs the CLI (bin/signet.mjs over the bundle in out/cli, built once per run by build-cli-bundle.ts)
 * without blocking the test worker. `env` entries set to undefined are removed from the child's
 * environment; `bin` runs another build of the CLI (the fault tests' one, faulty-cli.ts) instead.
 * A run past `timeoutMs` (default 20 s) is killed and resolves with code null.
 */
export function runCli(
  args: string[],
  options: { input?: string; env?: Record<string, string | undefined>; timeoutMs?: number; bin?: string } = {},
): Promise<CliResult> {
  if (!options.bin && !existsSync(bundle))
    throw new Error('The CLI bundle is missing: run "node scripts/build-cli.mjs" (npm test does it) first.')
  // NODE_EXTRA_CA_CERTS (set on the CI machines for the registry's proxy) makes Node parse a CA
  // bundle at every start, ~60 ms of CPU per CLI call; the CLI under test makes no TLS connection.
  const env = { NO_COLOR: '1', NODE_EXTRA_CA_CERTS: undefined, ...options.env }
  const run = runProcess(process.execPath, [options.bin ?? signetBin, ...args], {
    env,
    input: options.input,
    timeoutMs: options.timeoutMs ?? 20_000,
  })
  return run.then(({ code, stdout, stderr }) => ({ code, stdout, stderr }))
}
