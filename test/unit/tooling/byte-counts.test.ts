import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * One rule for byte counts a person reads: shared/text/format-bytes.ts ("1,536 bytes" below 1 KiB
 * never happens: "1.5 KiB (1,536 bytes)", "64 KiB", "8 MiB"). Byte counts spelt out by hand drifted
 * into four styles ("1048576 (1 MiB)", "256 MB", "12 KiB" rounded, counts without separators); this
 * fails on the next one in source that reaches a person: a `${…} bytes` template, a computed
 * `/ 1024` unit, or a decimal KB/MB.
 */
const root = resolve(import.meta.dirname, '../../..')
const rule = 'shared/text/format-bytes.ts'

const patterns: [RegExp, string][] = [
  [/\$\{[^{}]+\} bytes\b/, 'a count spelt "${n} bytes": use formatBytes(n)'],
  [/(?<![$\w])\{[^{}]+\} bytes\b/, 'a count spelt "{n} bytes" in JSX: use formatBytes(n)'],
  [/\/ 1024\b[^`]*\}\s*(KiB|MiB|KB|MB)\b/, 'a unit computed by hand: use formatBytes(n)'],
  [/\d\s?(KB|MB|GB)\b/, 'a decimal unit: Signet counts in KiB/MiB (formatBytes)'],
]

function sourceFiles(): string[] {
  return execFileSync('git', ['ls-files', 'cli', 'renderer/src', 'electron', 'shared'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((path) => /\.tsx?$/.test(path) && path !== rule)
}

/** Comments explain sizes in passing ("a few KB"); only code reaches a person. */
function codeLines(text: string): [number, string][] {
  return text
    .split('\n')
    .map((line, index): [number, string] => [index + 1, line])
    .filter(([, line]) => !/^\s*(\/\/|\*|\/\*)/.test(line))
}

describe('byte counts go through formatBytes', () => {
  it('no source line spells a byte count by hand', () => {
    const found: string[] = []
    for (const path of sourceFiles())
      for (const [number, line] of codeLines(readFileSync(resolve(root, path), 'utf8')))
        for (const [pattern, why] of patterns) if (pattern.test(line)) found.push(`${path}:${number}: ${why}`)
    expect(found).toEqual([])
  })

  it('catches each hand-written form', () => {
    const samples = [
      'msg(`${file} is ${file.size} bytes`)',
      '<dd>{result.bytes} bytes</dd>',
      'x(`${maxScanFileBytes / 1024 / 1024} MB`)',
      "title: 'Token larger than 8 KB',",
    ]
    expect(samples.map((line) => patterns.some(([pattern]) => pattern.test(line)))).toEqual([true, true, true, true])
  })
})
