import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runProcess } from '../support/run-process'

/**
 * The README is for a newcomer, and every command in it must work exactly as written on a fresh
 * clone. This test clones the repository (its committed HEAD), runs `npm ci` there as the README
 * says, then runs every ```sh block of the README, in order, in one bash session — so a variable
 * set in one block (TOKEN=…) is there for the next — against a private data directory and keychain
 * service. ```text / ```console blocks are output, not commands.
 *
 * Each command's exit status is recorded: 2 (bad usage, unreadable input) or a usage error fails the
 * test; 0 and 1 are the documented results. Runs inside scripts/with-private-keyring.sh.
 */
const root = resolve(import.meta.dirname, '../..')
let clone: string
let dataDir: string

/** The ```sh blocks of a Markdown text, each as its lines (continuations joined). */
function shellBlocks(markdown: string): string[][] {
  const blocks: string[][] = []
  const fence = /^```sh\n([\s\S]*?)^```/gm
  for (const match of markdown.matchAll(fence)) {
    const lines: string[] = []
    let pending = ''
    for (const raw of match[1]!.split('\n')) {
      const line = pending + raw
      if (line.endsWith('\\')) {
        pending = `${line.slice(0, -1)} `
        continue
      }
      pending = ''
      if (line.trim() === '' || line.trim().startsWith('#')) continue
      lines.push(line)
    }
    blocks.push(lines)
  }
  return blocks
}

// Every child runs through runProcess, never spawnSync: `npm ci` and the walkthrough each take about a
// minute, and a worker blocked that long fails the run (see test/support/run-process.ts).
beforeAll(async () => {
  if (!process.env.SIGNET_PRIVATE_KEYRING)
    throw new Error('Integration tests must run inside scripts/with-private-keyring.sh (npm run test:integration).')
  clone = mkdtempSync(join(tmpdir(), 'signet-fresh-clone-'))
  dataDir = mkdtempSync(join(tmpdir(), 'signet-readme-data-'))
  const cloned = await runProcess('git', ['clone', '--quiet', root, clone], { timeoutMs: 120_000 })
  if (cloned.code !== 0) throw new Error(`git clone failed:\n${cloned.stderr.slice(-3000)}`)
  // The shared vectors sit beside the repository in CI; the README's commands do not need them.
  const install = await runProcess('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], {
    cwd: clone,
    timeoutMs: 600_000,
  })
  if (install.code !== 0) throw new Error(`npm ci failed in the fresh clone:\n${install.stderr.slice(-3000)}`)
}, 660_000)

// The clone holds a whole node_modules (~50,000 files): removed without blocking the worker, and with
// its own timeout, because a synchronous removal that outran the 60 s hookTimeout under a loaded CI
// failed the file after both its tests had passed.
afterAll(async () => {
  await Promise.all([clone, dataDir].filter(Boolean).map((dir) => rm(dir, { recursive: true, force: true })))
}, 300_000)

describe('the README, run as written on a fresh clone', () => {
  it('has its commands in ```sh blocks', () => {
    const commands = shellBlocks(readFileSync(join(root, 'README.md'), 'utf8')).flat()
    expect(commands.filter((c) => c.includes('npx signet')).length).toBeGreaterThan(20)
  })

  it('runs every command with a documented result (exit 0 or 1), never a usage error', async () => {
    const blocks = shellBlocks(readFileSync(join(clone, 'README.md'), 'utf8'))
    const work = mkdtempSync(join(tmpdir(), 'signet-readme-work-'))
    const lines = blocks.flat()
    // Each command runs as written; its status and a marker go to a side channel (fd 3) so the
    // commands' own output stays untouched.
    const script = ['cd "$SIGNET_README_WORK"', ...lines.flatMap((line, i) => [line, `echo "$? ${i}" >&3`])].join('\n')
    const scriptFile = join(work, 'readme.sh')
    writeFileSync(scriptFile, script)
    const statusFile = join(work, 'status')
    const run = await runProcess('bash', ['-c', `bash "${scriptFile}" 3>"${statusFile}"`], {
      cwd: clone,
      timeoutMs: 600_000,
      env: {
        ...process.env,
        PATH: `${join(clone, 'node_modules/.bin')}:${process.env.PATH}`,
        SIGNET_README_WORK: work,
        SIGNET_DATA_DIR: dataDir,
        SIGNET_KEYCHAIN_SERVICE: `Signet-readme-${process.pid}`,
        NO_COLOR: '1',
      },
    })
    const statuses = readFileSync(statusFile, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ').map(Number) as [number, number])
    const failures = statuses
      .filter(([status]) => status !== 0 && status !== 1)
      .map(([status, i]) => `exit ${status}: ${lines[i]}`)
    expect(statuses, `every command ran (stderr tail: ${run.stderr.slice(-2000)})`).toHaveLength(lines.length)
    expect(failures, run.stderr.slice(-4000)).toEqual([])
    expect(run.stderr).not.toMatch(/ERR_USAGE|unknown option|command not found/)
    rmSync(work, { recursive: true, force: true })
  }, 600_000)
})
