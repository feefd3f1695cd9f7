// Sums every suite's result file into the one closing line CI reads: "N passed, N failed, N skipped".
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const dir = process.argv[2]
const totals = { passed: 0, failed: 0, skipped: 0 }
const rows = []
for (const name of readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const data = JSON.parse(readFileSync(join(dir, name), 'utf8'))
  let counts
  if ('numPassedTests' in data) {
    // vitest JSON reporter; a file that failed to load counts as a failure even with no test in it
    const brokenFiles = (data.testResults ?? []).filter(
      (r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0,
    ).length
    counts = {
      passed: data.numPassedTests,
      failed: data.numFailedTests + brokenFiles,
      skipped: data.numPendingTests + data.numTodoTests,
    }
  } else if (data.stats && 'expected' in data.stats) {
    // Playwright JSON reporter; errors outside tests (config, global setup) count as failures
    counts = {
      passed: data.stats.expected + data.stats.flaky,
      failed: data.stats.unexpected + (data.errors?.length ?? 0),
      skipped: data.stats.skipped,
      flaky: data.stats.flaky,
    }
  } else {
    counts = data
  }
  if ('runnerExit' in data) {
    // test-all.sh wrote this: the runner exited non-zero, whatever its own counts said
    rows.push(
      `  ${name.replace(/\.exit\.json$/, '').padEnd(24)} the runner exited with code ${data.runnerExit}: 1 failed`,
    )
    totals.failed += 1
    continue
  }
  const flaky = counts.flaky ? ` (${counts.flaky} passed only on retry)` : ''
  rows.push(
    `  ${name.replace(/\.json$/, '').padEnd(24)} ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped${flaky}`,
  )
  for (const key of Object.keys(totals)) totals[key] += counts[key]
}
console.log(rows.join('\n'))
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
process.exit(totals.failed > 0 ? 1 : 0)
