/** Sums a results folder (vitest/Playwright JSON, check counts, runner exits) into printed lines. */
export function summarize(dir: string): {
  lines: string[]
  totals: { passed: number; failed: number; skipped: number }
}
