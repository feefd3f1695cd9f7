import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliMeasured } from '#test/support/peak-memory'
import { runCli, signetBin } from '#test/support/run-cli'
import { runProcess } from '#test/support/run-process'

/**
 * `signet scan` holds its memory in every output mode (the human report streams; --json and
 * --sarif write token by token), names every input it skipped or could not read, reads a file
 * reached twice once, and its summary's exitCode is the process's.
 */

let dir: string
const distinct = 20_000

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signet-scan-memory-'))
  // many distinct minimal tokens: the hostile shape (small input, one report entry per line)
  const lines = Array.from(
    { length: distinct },
    (_, i) => `line ${i} auth eyJhbGciOiJIUzI1NiJ9.e30.${randomBytes(6).toString('base64url')}`,
  )
  writeFileSync(join(dir, 'many.log'), `${lines.join('\n')}\n`)
  const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.' + randomBytes(32).toString('base64url')
  mkdirSync(join(dir, 'links', 'sub'), { recursive: true })
  writeFileSync(join(dir, 'real.log'), `a ${token}\n`)
  symlinkSync(join(dir, 'real.log'), join(dir, 'links', 'current.log'))
  symlinkSync('sub', join(dir, 'links', 'dirlink'))
  // UTF-16LE with a byte order mark: NUL bytes, so binary
  writeFileSync(join(dir, 'links', 'u16.log'), Buffer.from(`\ufeffhello ${token}`, 'utf16le'))
  copyFileSync(join(dir, 'real.log'), join(dir, 'links', 'sub', 'copy.log'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs the CLI and reads its peak resident set (test/support/peak-memory.ts) in MB. */
async function peakRss(
  args: string[],
): Promise<{ code: number | null; peakMb: number; stdout: string; stderr: string }> {
  const { peakKb, ...run } = await runCliMeasured(args, 50)
  return { ...run, peakMb: peakKb / 1024 }
}

describe('signet scan memory over many distinct tokens', () => {
  // Before (2e41c5c) the human report and --json held every result and wrote them at the end: see the report.
  it('the human report streams: each token printed as analysed, the summary counts all', async () => {
    const run = await peakRss(['scan', join(dir, 'many.log'), '--jobs', '1'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`${distinct} distinct, ${distinct} occurrences`)
    expect(run.stdout.match(/^UNVERIFIABLE/gm)).toHaveLength(distinct)
    expect(run.peakMb).toBeGreaterThan(0)
    expect(run.peakMb).toBeLessThan(200)
  }, 600_000)

  it('--json writes token by token: one valid document, within a bounded peak', async () => {
    const run = await peakRss(['scan', join(dir, 'many.log'), '--json', '--jobs', '1'])
    expect(run.code).toBe(0)
    const document = JSON.parse(run.stdout) as { tokens: unknown[]; summary: { exitCode: number; tokens: object } }
    expect(document.tokens).toHaveLength(distinct)
    expect(document.summary.tokens).toMatchObject({ distinct, occurrences: distinct })
    expect(document.summary.exitCode).toBe(0)
    expect(run.peakMb).toBeGreaterThan(0)
    expect(run.peakMb).toBeLessThan(200)
  }, 600_000)
})

describe('signet scan inputs: links, duplicates, skipped and failed inputs', () => {
  it('follows a link to a file, reads a file named twice once, names what it skipped (human)', async () => {
    const run = await runCli(['scan', join(dir, 'links'), join(dir, 'links', 'current.log'), '--jobs', '1'])
    expect(run.code).toBe(0)
    // current.log (a link, also named on the command line) once, and sub/copy.log (another inode)
    expect(run.stdout).toContain('2 scanned, 1 binary skipped, 1 other skipped, 0 unreadable')
    expect(run.stdout).toContain('1 distinct, 2 occurrences')
    expect(run.stdout).toContain(`binary: ${join(dir, 'links', 'u16.log')}`)
    expect(run.stdout).toContain(`skipped: ${join(dir, 'links', 'dirlink')} (a link to a directory, not followed`)
  }, 60_000)

  it('--json: a failed input is a JSON error on stderr and a note in the summary, whose exitCode is the exit code', async () => {
    const missing = join(dir, 'nothere.log')
    const run = await runCli(['scan', missing, join(dir, 'links'), '--json', '--jobs', '1'])
    expect(run.code).toBe(2)
    expect(JSON.parse(run.stderr.trim())).toMatchObject({ code: 'ERR_FILE_UNREADABLE', file: missing })
    const { summary } = JSON.parse(run.stdout) as {
      summary: { exitCode: number; inputs: { notes: { file: string; status: string; code?: string }[] } }
    }
    expect(summary.exitCode).toBe(2)
    expect(summary.inputs.notes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: missing, status: 'error', code: 'ERR_FILE_UNREADABLE' }),
        expect.objectContaining({ file: join(dir, 'links', 'u16.log'), status: 'binary' }),
        expect.objectContaining({ file: join(dir, 'links', 'dirlink'), status: 'skipped' }),
      ]),
    )
  }, 60_000)

  it('--ndjson: the summary line carries the exit code 2 of a failed input', async () => {
    const run = await runCli(['scan', join(dir, 'nothere.log'), join(dir, 'real.log'), '--ndjson', '--jobs', '1'])
    expect(run.code).toBe(2)
    const last = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { type: string; exitCode: number }
    expect(last).toMatchObject({ type: 'summary', exitCode: 2 })
  }, 60_000)

  it('--sarif: skipped and failed inputs are tool execution notifications', async () => {
    const run = await runCli(['scan', join(dir, 'nothere.log'), join(dir, 'links'), '--sarif', '--jobs', '1'])
    expect(run.code).toBe(2)
    const log = JSON.parse(run.stdout) as {
      runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string }[] }[] }[]
    }
    const [invocation] = log.runs[0]!.invocations
    expect(invocation!.executionSuccessful).toBe(false)
    expect(invocation!.toolExecutionNotifications.map((n) => n.level).sort()).toEqual(['error', 'note', 'note'])
  }, 60_000)
})

describe('signet scan: a FIFO named on the command line with no writer yet', () => {
  const withFifo = async (run: (fifo: string) => Promise<{ stderr: string }>) => {
    const fifo = join(dir, `fifo-${randomBytes(4).toString('hex')}`)
    spawnSync('mkfifo', [fifo])
    // the writer comes after 2.5 s: past the one-second notice
    const writer = setTimeout(() => writeFileSync(fifo, 'x eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.\n'), 2500)
    try {
      return await run(fifo)
    } finally {
      clearTimeout(writer)
    }
  }
  it.skipIf(!existsSync('/usr/bin/script'))(
    'on a terminal, says it is waiting for data',
    async () => {
      // script(1) gives the CLI a pseudo-terminal, so its stderr is a TTY
      const { stderr } = await withFifo((fifo) =>
        runProcess(
          '/usr/bin/script',
          ['-qc', `${process.execPath} ${signetBin} scan ${fifo} --ndjson --jobs 1`, '/dev/null'],
          {
            env: { NO_COLOR: '1' },
            timeoutMs: 30_000,
          },
        ).then(({ stdout }) => ({ stderr: stdout })),
      )
      expect(stderr).toMatch(/waiting for data on ".*fifo-[0-9a-f]+"…/)
    },
    60_000,
  )
  it('piped, says nothing', async () => {
    const { stderr } = await withFifo((fifo) =>
      runCli(['scan', fifo, '--ndjson', '--jobs', '1'], { timeoutMs: 30_000 }),
    )
    expect(stderr).toBe('')
  }, 60_000)
})
