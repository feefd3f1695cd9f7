import type { ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'

/**
 * Follows a running child's peak resident set until it closes: VmHWM (kB) in /proc/<pid>/status is the
 * process's peak so far, so the last reading before it exits is its peak. Linux only (the tests' CI).
 * Resolves with the child's exit code and that peak; rejects if the child cannot be started.
 * `everyMs` is the polling period: a child that lives shorter than one period reads 0.
 */
export function peakResidentSet(child: ChildProcess, everyMs = 20): Promise<{ code: number | null; peakKb: number }> {
  return new Promise((resolve, reject) => {
    let peakKb = 0
    const poll = setInterval(() => {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
        if (match) peakKb = Math.max(peakKb, Number(match[1]))
      } catch {
        // exited between two readings
      }
    }, everyMs)
    child.on('error', (error) => {
      clearInterval(poll)
      reject(error)
    })
    child.on('close', (code) => {
      clearInterval(poll)
      resolve({ code, peakKb })
    })
  })
}
