import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inputFiles, scanGlobs, type InputFilter } from '#electron/services/scan/inputs'

/**
 * --include/--exclude read as .gitignore reads patterns, on a real directory tree: a pattern without
 * "/" matches names at any depth, one with "/" the path from the directory given, a trailing "/"
 * directories only; globs that leave nothing to read are reported (ERR_SCAN_NO_FILES_MATCHED).
 */

let dir: string
const tree = [
  'top.log',
  'notes.txt',
  'app/2026/gateway.log',
  'app/2026/gateway.txt',
  'logs/a.log',
  'old/logs/b.log',
  'node_modules/pkg/x.log',
  'tmp/t.log',
  'deep/tmp/u.log',
  '.hidden/h.log',
]

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signet-globs-'))
  for (const file of tree) {
    mkdirSync(join(dir, file, '..'), { recursive: true })
    writeFileSync(join(dir, file), 'x\n')
  }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function walk(filter: InputFilter, paths = [dir]): Promise<{ files: string[]; errors: string[] }> {
  const files: string[] = []
  const errors: string[] = []
  for await (const file of inputFiles(paths, filter)) {
    if (file.error) errors.push(`${file.error.code}: ${file.error.message}`)
    else files.push(relative(dir, file.path).split(sep).join('/'))
  }
  return { files: files.sort(), errors }
}

describe('scan --include/--exclude', () => {
  it('a pattern without "/" matches file names at any depth', async () => {
    expect((await walk({ include: ['*.log'] })).files).toEqual(
      [
        '.hidden/h.log',
        'app/2026/gateway.log',
        'deep/tmp/u.log',
        'logs/a.log',
        'node_modules/pkg/x.log',
        'old/logs/b.log',
        'tmp/t.log',
        'top.log',
      ].sort(),
    )
  })

  it('a pattern with "/" matches from the directory given; "**/" reaches any depth', async () => {
    expect((await walk({ include: ['logs/*.log'] })).files).toEqual(['logs/a.log'])
    expect((await walk({ include: ['**/logs/*.log'] })).files).toEqual(['logs/a.log', 'old/logs/b.log'])
    expect((await walk({ include: ['/top.log'] })).files).toEqual(['top.log'])
  })

  it('a directory name excludes that directory anywhere; a trailing "/" matches directories only', async () => {
    const { files } = await walk({ include: ['*.log'], exclude: ['node_modules', 'tmp/', '.hidden'] })
    expect(files).toEqual(['app/2026/gateway.log', 'logs/a.log', 'old/logs/b.log', 'top.log'])
    // "notes.txt/" names no directory: the file stays
    expect((await walk({ exclude: ['notes.txt/'] })).files).toContain('notes.txt')
  })

  it('--include of a directory name takes every file in it', async () => {
    expect((await walk({ include: ['2026'] })).files).toEqual(['app/2026/gateway.log', 'app/2026/gateway.txt'])
  })

  it('globs that leave no file: one error naming the globs, the directory and the rule', async () => {
    const { files, errors } = await walk({ include: ['*.ndjson'] })
    expect(files).toEqual([])
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(
      /^ERR_SCAN_NO_FILES_MATCHED: No file to read in ".*signet-globs-[^"]*": --include "\*\.ndjson" skipped all \d+ files and directories there\. A pattern without "\/" matches names at any depth/,
    )
    expect((await walk({ exclude: ['*'] })).errors[0]).toMatch(/--exclude "\*" skipped all/)
  })

  it('no error without globs, or when a file named on the command line is read', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'signet-globs-empty-'))
    try {
      expect(await walk({}, [empty])).toEqual({ files: [], errors: [] })
      expect(await walk({ include: ['*.ndjson'] }, [empty])).toEqual({ files: [], errors: [] })
      expect(await walk({ include: ['*.ndjson'] }, [dir, join(dir, 'notes.txt')])).toEqual({
        files: ['notes.txt'],
        errors: [],
      })
    } finally {
      rmSync(empty, { recursive: true, force: true })
    }
  })

  it('scanGlobs: unfiltered without patterns', () => {
    expect(scanGlobs(undefined).unfiltered).toBe(true)
    expect(scanGlobs(['*.log']).file('a/b/c.log')).toBe(true)
    expect(scanGlobs(['*.log']).file('a/b/c.txt')).toBe(false)
    expect(scanGlobs(['tmp/']).file('tmp')).toBe(false)
    expect(scanGlobs(['tmp/']).directory('x/tmp')).toBe(true)
  })
})
