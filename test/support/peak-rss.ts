import { readFileSync } from 'node:fs'

/**
 * A process's peak resident set so far (VmHWM in /proc/<pid>/status), in kB; null once it has exited.
 * VmHWM only grows, so the last reading before the exit is the whole run's peak.
 */
export function peakRssKb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) : null
  } catch {
    return null
  }
}

/** Polls a running process's peak resident set every `everyMs`; `stop()` ends the polling and gives the peak in kB. */
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
