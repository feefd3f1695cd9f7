// Sums every suite's result file into the one closing line CI reads: "N passed, N failed, N skipped".
// Above the per-suite table it prints a bounded digest of what failed — each failed test's name and
// the first lines of its error, and for a runner that exited non-zero the telling lines of its log —
// because CI shows only the tail of a run, and a red run whose tail says only "1 failed" cannot be
// diagnosed.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

/** Digest budget: lines per failure and in all, so the table and the closing line stay in the tail. */
const LINES_PER_FAILURE = 8
const DIGEST_LINES = 70
const LINE_CHARS = 240
/** Lines of a runner's log shown when it exited non-zero with no failed test. */
const RUNNER_TAIL_LINES = 24

/** Test output is untrusted text: no escape sequences or control characters reach the terminal. */
function clean(text) {
  return (
    String(text)
      // eslint-disable-next-line no-control-regex -- matching escape sequences is the point
      .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '')
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '')
  )
}

function excerpt(message, lines = LINES_PER_FAILURE) {
  return clean(message ?? '')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(0, lines)
    .map((line) => `      ${line.length > LINE_CHARS ? `${line.slice(0, LINE_CHARS)}…` : line}`)
}

/**
 * A test file that failed with none of its tests failing: it did not load, or a hook outside any test
 * failed (an afterAll that threw or outran hookTimeout). Vitest exits 1 for it while its counts show
 * every test passed, so it is counted here as one failure of its own.
 */
function failedOutsideTests(file) {
  return file.status === 'failed' && !(file.assertionResults ?? []).some((a) => a.status === 'failed')
}

/** Vitest JSON reporter: failed assertions, and files that failed outside their tests. */
function vitestFailures(data) {
  const failures = []
  for (const file of data.testResults ?? []) {
    const assertions = file.assertionResults ?? []
    if (failedOutsideTests(file))
      failures.push({
        title: `${file.name}: ${assertions.length === 0 ? 'the file failed to run' : 'the file failed outside its tests'}`,
        message: file.message,
      })
    for (const assertion of assertions)
      if (assertion.status === 'failed')
        failures.push({ title: assertion.fullName ?? assertion.title, message: assertion.failureMessages?.[0] })
  }
  return failures
}

/** Playwright JSON reporter: tests whose outcome was unexpected, and errors outside any test. */
function playwrightFailures(data) {
  const failures = []
  const walk = (suite, path) => {
    for (const spec of suite.specs ?? [])
      for (const test of spec.tests ?? [])
        if (test.status === 'unexpected') {
          const last = test.results?.at(-1)
          failures.push({ title: [...path, spec.title].join(' › '), message: last?.error?.message })
        }
    for (const child of suite.suites ?? []) walk(child, [...path, child.title])
  }
  for (const suite of data.suites ?? []) walk(suite, [suite.title])
  for (const error of data.errors ?? []) failures.push({ title: 'outside any test', message: error.message })
  return failures
}

/**
 * A runner that exited non-zero with no failed test: the lines of its log that say why. Vitest puts
 * the cause in an "Unhandled Errors" (or "Errors") section near the end; without one, the log's tail
 * is shown. Passed-test lines and the keyring wrapper's D-Bus start-up warning are never the cause, so
 * they are left out before choosing.
 */
function runnerLogExcerpt(dir, suite) {
  const path = join(dir, `${suite}.log`)
  if (!existsSync(path)) return ['      (no log was kept)']
  const noise = /^\s*[✓↓]|^dbus-daemon\[|^\s*$/
  const lines = clean(readFileSync(path, 'utf8'))
    .split('\n')
    .filter((line) => !noise.test(line))
  const section = lines.findIndex(
    (line) => /⎯\s*(Unhandled )?Errors?\b/i.test(line) || /unhandled (error|rejection)/i.test(line),
  )
  const start = section >= 0 ? section : Math.max(0, lines.length - RUNNER_TAIL_LINES)
  return excerpt(lines.slice(start).join('\n'), RUNNER_TAIL_LINES)
}

export function summarize(dir) {
  const totals = { passed: 0, failed: 0, skipped: 0 }
  const rows = []
  const digest = []
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
  for (const name of files) {
    const data = JSON.parse(readFileSync(join(dir, name), 'utf8'))
    if ('runnerExit' in data) {
      // test-all.sh wrote this: the runner exited non-zero, whatever its own counts said
      const suite = name.replace(/\.exit\.json$/, '')
      const report = files.includes(`${suite}.json`) ? JSON.parse(readFileSync(join(dir, `${suite}.json`), 'utf8')) : {}
      // failures in the suite's own report already explain the exit and are counted there
      if (vitestFailures(report).length + playwrightFailures(report).length > 0) continue
      rows.push(`  ${suite.padEnd(24)} the runner exited with code ${data.runnerExit}: 1 failed`)
      totals.failed += 1
      digest.push(
        `  ${suite}: the runner exited with code ${data.runnerExit}; its log says`,
        ...runnerLogExcerpt(dir, suite),
      )
      continue
    }
    let counts
    let failures = []
    if ('numPassedTests' in data) {
      failures = vitestFailures(data)
      const brokenFiles = (data.testResults ?? []).filter(failedOutsideTests).length
      counts = {
        passed: data.numPassedTests,
        failed: data.numFailedTests + brokenFiles,
        skipped: data.numPendingTests + data.numTodoTests,
      }
    } else if (data.stats && 'expected' in data.stats) {
      failures = playwrightFailures(data)
      // errors outside tests (config, global setup) count as failures
      counts = {
        passed: data.stats.expected + data.stats.flaky,
        failed: data.stats.unexpected + (data.errors?.length ?? 0),
        skipped: data.stats.skipped,
        flaky: data.stats.flaky,
      }
    } else {
      counts = data
    }
    const suite = name.replace(/\.json$/, '')
    for (const failure of failures) digest.push(`  ${suite} ✗ ${clean(failure.title)}`, ...excerpt(failure.message))
    const flaky = counts.flaky ? ` (${counts.flaky} passed only on retry)` : ''
    rows.push(
      `  ${suite.padEnd(24)} ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped${flaky}`,
    )
    for (const key of Object.keys(totals)) totals[key] += counts[key]
  }
  const lines = []
  if (digest.length > 0) {
    lines.push('what failed:')
    lines.push(...digest.slice(0, DIGEST_LINES))
    if (digest.length > DIGEST_LINES)
      lines.push(`  … ${digest.length - DIGEST_LINES} more lines; the full output is above`)
    lines.push('')
  }
  lines.push(...rows, `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
  return { lines, totals }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { lines, totals } = summarize(process.argv[2])
  console.log(lines.join('\n'))
  process.exit(totals.failed > 0 ? 1 : 0)
}
