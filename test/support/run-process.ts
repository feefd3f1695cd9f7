import { spawn } from 'node:child_process'

export interface ProcessResult {
  /** The exit code, or null when the process was ended by a signal (see `signal`). */
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** True when `timeoutMs` passed and the process was killed. */
  timedOut: boolean
}

/**
 * Runs a child process WITHOUT blocking the test worker: a test worker talks to Vitest over RPC with
 * a fixed 60 s timeout, and a worker blocked longer in spawnSync or execFileSync (a fresh `npm ci`,
 * the README walkthrough) fails the whole run with "Timeout calling onTaskUpdate" although every test
 * passed. Anything that can take seconds under load runs through here.
 *
 * `env` entries set to undefined are removed from the child's environment; `input` is written to its
 * standard input, which is then closed. Rejects only when the process cannot be started.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; input?: string; timeoutMs?: number } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env }
    for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name]
    const child = spawn(command, args, { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, options.timeoutMs ?? 20_000)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr, timedOut })
    })
    // A command that exits without reading its standard input closes the pipe: the write then fails
    // with EPIPE, which, unheard, is an unhandled error that fails the whole run after every test
    // passed. What the command did is in its exit code and output, which the test checks.
    child.stdin.on('error', () => undefined)
    child.stdin.end(options.input ?? '')
  })
}

/**
 * `fn` over `items` with at most `limit` calls in flight, results in the order of `items`: for tests
 * that start many short child processes, so they overlap when cores are free. Rejects on the first
 * rejection.
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const lane = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await fn(items[index]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
  return results
}
