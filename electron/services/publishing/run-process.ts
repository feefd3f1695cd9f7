import { spawn } from 'node:child_process'
import { SignetError } from '#shared/errors'
import { formatBytes } from '#shared/text/format-bytes'
import { formatReadableDuration } from '#shared/time/readable-duration'

/** What a publish target's process may print: a JWKS is kilobytes, so a megabyte is a runaway. */
export const maxProcessOutputBytes = 1024 * 1024

export interface ProcessResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: Buffer
  stderr: string
}

/**
 * Runs one program to its end with a time and output budget, never through a shell unless the
 * caller names /bin/sh itself (command targets: the command line is the user's own). The
 * environment is the caller's plus `env`; standard input is `input` (then closed).
 *
 * @param timeoutMs the process is killed (SIGKILL) after this long: ERR_PUBLISH_COMMAND_TIMEOUT
 * @throws SignetError ERR_PUBLISH_OUTPUT_TOO_LARGE past 1 MiB on stdout or stderr;
 *   ERR_PUBLISH_COMMAND_FAILED when the program cannot be started
 */
export function runProcess(
  file: string,
  args: readonly string[],
  options: {
    cwd?: string
    input?: Uint8Array | string
    env?: Record<string, string>
    unset?: readonly string[]
    timeoutMs: number
    what: string
  },
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env }
    for (const name of options.unset ?? []) delete env[name]
    // Its own process group, so a timeout stops the whole pipeline a shell command started, not only the shell
    // (an orphaned `sleep` would hold the output pipes open).
    const child = spawn(file, args, { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true })
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    let sizes = [0, 0]
    let failure: SignetError | null = null
    const stop = (error: SignetError) => {
      failure ??= error
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
      } catch {
        child.kill('SIGKILL')
      }
    }
    const timer = setTimeout(
      () =>
        stop(
          new SignetError(
            'ERR_PUBLISH_COMMAND_TIMEOUT',
            `${options.what} did not finish within ${formatReadableDuration(options.timeoutMs / 1000)} and was stopped. Check it by hand, or raise the target's timeout.`,
          ),
        ),
      options.timeoutMs,
    )
    const collect = (into: Buffer[], index: 0 | 1) => (chunk: Buffer) => {
      sizes = index === 0 ? [sizes[0]! + chunk.length, sizes[1]!] : [sizes[0]!, sizes[1]! + chunk.length]
      if (sizes[index]! > maxProcessOutputBytes)
        stop(
          new SignetError(
            'ERR_PUBLISH_OUTPUT_TOO_LARGE',
            `${options.what} printed more than ${formatBytes(maxProcessOutputBytes)} on ${index === 0 ? 'standard output' : 'standard error'}; Signet stopped it. A JWKS is a few kilobytes.`,
          ),
        )
      else into.push(chunk)
    }
    child.stdout.on('data', collect(stdout, 0))
    child.stderr.on('data', collect(stderr, 1))
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(new SignetError('ERR_PUBLISH_COMMAND_FAILED', `${options.what} could not be started: ${error.message}.`))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (failure) reject(failure)
      else resolve({ code, signal, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString('utf8') })
    })
    // A command that ignores its standard input closes the pipe early: that is not an error.
    child.stdin.on('error', () => undefined)
    child.stdin.end(options.input ?? '')
  })
}

/** The last lines of a process's output, for an error message (the CLI escapes it when printing). */
export function outputTail(text: string, lines = 5): string {
  const kept = text.trim().split('\n').slice(-lines).join('\n')
  return kept.length > 2000 ? kept.slice(-2000) : kept
}
