import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { summarize } from '../../../scripts/sum-results.mjs'

const made: string[] = []
function results(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'signet-results-'))
  made.push(dir)
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content))
  return dir
}
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const vitestReport = (
  assertions: { status: string; fullName: string; failureMessages?: string[] }[],
  extra: object = {},
) => ({
  numPassedTests: assertions.filter((a) => a.status === 'passed').length,
  numFailedTests: assertions.filter((a) => a.status === 'failed').length,
  numPendingTests: 0,
  numTodoTests: 0,
  testResults: [
    {
      name: '/ci/test/fuzz/token.fuzz.test.ts',
      status: assertions.some((a) => a.status === 'failed') ? 'failed' : 'passed',
      assertionResults: assertions,
    },
  ],
  ...extra,
})

describe('the closing summary of npm test (scripts/sum-results.mjs)', () => {
  it('sums every suite into the one closing line, with no digest when all passed', () => {
    const dir = results({
      'lint.json': { passed: 1, failed: 0, skipped: 0 },
      'vitest-unit.json': vitestReport([
        { status: 'passed', fullName: 'a' },
        { status: 'passed', fullName: 'b' },
      ]),
      'playwright-e2e.json': { stats: { expected: 3, unexpected: 0, flaky: 1, skipped: 2 }, suites: [] },
    })
    const { lines, totals } = summarize(dir)
    expect(totals).toEqual({ passed: 7, failed: 0, skipped: 2 })
    expect(lines.at(-1)).toBe('7 passed, 0 failed, 2 skipped')
    expect(lines.join('\n')).not.toContain('what failed')
    expect(lines.join('\n')).toContain('(1 passed only on retry)')
  })

  it('names a failed vitest test and the first lines of its error (fast-check seed included), escapes stripped', () => {
    const message =
      'Error: Property failed after 4127 tests\n{ seed: -1598452372, path: "4126:0", endOnFailure: true }\nCounterexample: ["\\u001b"]\n\x1b[31mred\x1b[0m\n' +
      Array.from({ length: 30 }, (_, i) => `    at frame ${i}`).join('\n')
    const dir = results({
      'vitest-fuzz.json': vitestReport([
        { status: 'passed', fullName: 'keys parseKeyText' },
        { status: 'failed', fullName: 'token normalize, decode', failureMessages: [message] },
      ]),
    })
    const text = summarize(dir).lines.join('\n')
    expect(text).toContain('what failed:')
    expect(text).toContain('vitest-fuzz ✗ token normalize, decode')
    expect(text).toContain('seed: -1598452372')
    expect(text).toContain('      red')
    expect(text).not.toContain('\x1b')
    expect(text).not.toContain('frame 20') // bounded per failure
    expect(text.split('\n').at(-1)).toBe('1 passed, 1 failed, 0 skipped')
  })

  it('a file whose afterAll failed while its tests passed: one failure naming the file and the hook error', () => {
    // what Vitest writes when an afterAll outruns hookTimeout: the file failed, every test passed, exit 1
    const report = {
      numPassedTests: 2,
      numFailedTests: 0,
      numPendingTests: 0,
      numTodoTests: 0,
      testResults: [
        {
          name: '/ci/test/integration/readme-examples.test.ts',
          status: 'failed',
          message:
            'Hook timed out in 60000ms.\nIf this is a long-running hook, pass a timeout value as the last argument',
          assertionResults: [
            { status: 'passed', fullName: 'has its commands' },
            { status: 'passed', fullName: 'runs every command' },
          ],
        },
      ],
    }
    const dir = results({
      'vitest-integration.json': report,
      'vitest-integration.exit.json': { passed: 0, failed: 1, skipped: 0, runnerExit: 1 },
    })
    const { lines, totals } = summarize(dir)
    const text = lines.join('\n')
    expect(text).toContain('readme-examples.test.ts: the file failed outside its tests')
    expect(text).toContain('Hook timed out in 60000ms.')
    expect(text).toContain('vitest-integration       2 passed, 1 failed, 0 skipped')
    // the runner's exit is explained by the file, so its log is not quoted again
    expect(text).not.toContain('its log says')
    expect(text).not.toContain('the runner exited')
    expect(totals).toEqual({ passed: 2, failed: 1, skipped: 0 })
  })

  it('a runner that exited non-zero with every test passed: one failure, and the telling lines of its log', () => {
    const log = [
      'dbus-daemon[21586]: [session uid=0 pid=21586] org.freedesktop.DBus.Error.AccessDenied: Failed to set fd limit',
      ' RUN  v4.1.12 /check/work/main',
      ...Array.from({ length: 40 }, (_, i) => `     ✓ test number ${i} that threw no error  12ms`),
      ' ✓ test/integration/cli.test.ts (40 tests) 30s',
      ' Test Files  20 passed (20)',
      '⎯⎯⎯⎯ Unhandled Errors ⎯⎯⎯⎯',
      'Error: write EPIPE',
      ' ❯ afterWrite node:internal/streams/writable:701:5',
      'This error originated in "test/integration/scan-cli.test.ts" test file.',
    ].join('\n')
    const dir = results({
      'vitest-integration.json': vitestReport([{ status: 'passed', fullName: 'x' }]),
      'vitest-integration.exit.json': { passed: 0, failed: 1, skipped: 0, runnerExit: 1 },
      'vitest-integration.log': log,
    })
    const { lines, totals } = summarize(dir)
    const text = lines.join('\n')
    expect(totals.failed).toBe(1)
    expect(text).toContain('vitest-integration: the runner exited with code 1; its log says')
    expect(text).toContain('Error: write EPIPE')
    expect(text).toContain('originated in "test/integration/scan-cli.test.ts"')
    expect(text).toContain('vitest-integration       the runner exited with code 1: 1 failed')
    expect(text).not.toContain('dbus-daemon') // the wrapper's start-up warning is never the cause
    expect(text).not.toContain('test number')
  })

  it('a runner that exited non-zero with no error section: the tail of its log, passed tests left out', () => {
    const log = [
      'dbus-daemon[1]: org.freedesktop.DBus.Error.AccessDenied: Failed to set fd limit to 65536',
      ...Array.from({ length: 60 }, (_, i) => `     ✓ passing test ${i}  3ms`),
      ' Test Files  20 passed (20)',
      '      Tests  185 passed (185)',
      'close timed out after 10000ms',
      'Tests closed successfully but something prevents Vite server from exiting',
    ].join('\n')
    const dir = results({
      'vitest-integration.json': vitestReport([{ status: 'passed', fullName: 'x' }]),
      'vitest-integration.exit.json': { passed: 0, failed: 1, skipped: 0, runnerExit: 1 },
      'vitest-integration.log': log,
    })
    const text = summarize(dir).lines.join('\n')
    expect(text).toContain('Tests  185 passed (185)')
    expect(text).toContain('something prevents Vite server from exiting')
    expect(text).not.toContain('dbus-daemon')
    expect(text).not.toContain('passing test')
  })

  it('names a failed Playwright test with its path of describe blocks, and errors outside tests', () => {
    const dir = results({
      'playwright-e2e.json': {
        stats: { expected: 1, unexpected: 1, flaky: 0, skipped: 0 },
        suites: [
          {
            title: 'keys.spec.ts',
            specs: [],
            suites: [
              {
                title: 'narrow window',
                specs: [
                  {
                    title: 'the table fits',
                    tests: [{ status: 'unexpected', results: [{ error: { message: 'expected 812 <= 760' } }] }],
                  },
                ],
              },
            ],
          },
        ],
        errors: [{ message: 'global setup failed' }],
      },
    })
    const text = summarize(dir).lines.join('\n')
    expect(text).toContain('playwright-e2e ✗ keys.spec.ts › narrow window › the table fits')
    expect(text).toContain('expected 812 <= 760')
    expect(text).toContain('playwright-e2e ✗ outside any test')
    expect(text.split('\n').at(-1)).toBe('1 passed, 2 failed, 0 skipped')
  })

  it('keeps the digest bounded so the table and the closing line stay in the tail', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      status: 'failed',
      fullName: `case ${i}`,
      failureMessages: ['line one\nline two\nline three'],
    }))
    const { lines } = summarize(results({ 'vitest-unit.json': vitestReport(many) }))
    expect(lines.length).toBeLessThan(80)
    expect(lines.join('\n')).toMatch(/… \d+ more lines; the full output is above/)
    expect(lines.at(-1)).toBe('0 passed, 40 failed, 0 skipped')
  })
})
