import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { signetBin } from './run-cli'

/**
 * A process's peak resident set, for the tests that hold the CLI to a memory bound: VmHWM (kB) in
 * /proc/<pid>/status is the peak so far and only grows, so the last reading before the process exits
 * is its whole run's peak. Linux only (the tests' CI).
 */

/** The peak resident set so far in kB; null once the process has exited. */
export function peakRssKb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) : null
  } catch {
    return null
  }
}

/** Polls a running process's peak every `everyMs`; `stop()` ends the polling and gives the peak in kB. */
export function watchPeakRss(pid: number, everyMs = 20): { readonly peakKb: number; stop(): number } {
  let peakKb = 0
  const read = () => (peakKb = Math.max(peakKb, peakRssKb(pid) ?? 0))
  const timer = setInterval(read, everyMs)
  return {
    get peakKb() {
      return peakKb
    },
    stop() {
      clearInterval(timer)
      read()
      return peakKb
    },
  }
}

/**
 * Follows a child until it closes. Resolves with its exit code and peak (kB); rejects if it cannot be
 * started. A child that lives shorter than one period `everyMs` reads 0.
 */
export function peakResidentSet(child: ChildProcess, everyMs = 20): Promise<{ code: number | null; peakKb: number }> {
  return new Promise((resolve, reject) => {
    const watch = watchPeakRss(child.pid ?? -1, everyMs)
    child.on('error', (error) => {
      watch.stop()
      reject(error)
    })
    // After 'close' the /proc entry is gone: the peak is the last reading taken while the child ran.
    child.on('close', (code) => resolve({ code, peakKb: watch.stop() }))
  })
}

/**
 * Runs the built CLI with `args` (stdin closed, output collected) and follows its peak resident set:
 * the memory tests' one way of holding a command to a bound.
 */
export async function runCliMeasured(
  args: string[],
  everyMs = 20,
): Promise<{ code: number | null; peakKb: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [signetBin, ...args], {
    env: { ...process.env, NO_COLOR: '1', NODE_EXTRA_CA_CERTS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text))
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
  const { code, peakKb } = await peakResidentSet(child, everyMs)
  return { code, peakKb, stdout, stderr }
}
