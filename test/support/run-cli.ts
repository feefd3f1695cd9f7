import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The real CLI as a child process, exactly as a user or a pipeline runs it. */
export const signetBin = fileURLToPath(new URL('../../bin/signet.mjs', import.meta.url))
const bundle = fileURLToPath(new URL('../../out/cli/signet.mjs', import.meta.url))

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** `env` entries set to undefined are removed from the child's environment. */
/** `bin` runs another build of the CLI (the fault tests' one, faulty-cli.ts) instead of bin/signet.mjs. */
export function runCli(
  args: string[],
  options: { input?: string; env?: Record<string, string | undefined>; timeoutMs?: number; bin?: string } = {},
): Promise<CliResult> {
  if (!options.bin && !existsSync(bundle))
    throw new Error('The CLI bundle is missing: run "node scripts/build-cli.mjs" (npm test does it) first.')
  return new Promise((resolve, reject) => {
    // NODE_EXTRA_CA_CERTS (set on the CI machines for the registry's proxy) makes Node parse a CA
    // bundle at every start, ~60 ms of CPU per CLI call; the CLI under test makes no TLS connection.
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', NODE_EXTRA_CA_CERTS: undefined, ...options.env }
    for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name]
    const child = spawn(process.execPath, [options.bin ?? signetBin, ...args], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
    // A command that exits without reading its standard input closes the pipe: the write then fails
    // with EPIPE, which, unheard, is an unhandled error that fails the whole run after every test
    // passed. What the command did is in its exit code and output, which the test checks.
    child.stdin.on('error', () => undefined)
    child.stdin.end(options.input ?? '')
  })
}
