import { spawnSync } from 'node:child_process'
import { generateKeyPairSync, sign } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signetBin } from '../support/run-cli'

/**
 * Start-up (issue #9 item 4): each command loads only what it uses. The built CLI runs as a child
 * with a hook that records every module file it loads and, at exit, the Node built-ins it loaded;
 * each loaded chunk is mapped back to its sources through its source map. The CPU figures are in
 * the benchmark (test/bench/verify-scan.ts); this pins down the cause, so a stray import that brings
 * zod, jose or node:child_process back into `decode` fails here.
 */

let dir: string
let token: string
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signet-startup-'))
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  writeFileSync(join(dir, 'key.jwk'), JSON.stringify(pair.publicKey.export({ format: 'jwk' })))
  const input = `${b64({ alg: 'ES256', typ: 'JWT' })}.${b64({ sub: 'x', exp: 4_000_000_000 })}`
  token = `${input}.${sign('sha256', Buffer.from(input), { key: pair.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`
  // Records module files as they load (a customization hook, on a thread of its own: so worker_threads
  // is always among the built-ins here) and, at exit, the built-ins loaded and the files require()
  // loaded (the hook sees only imports; the CLI requires the JSON position parser at its first use).
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs'
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(process.env.SIGNET_LOADED_LOG, 'file ' + url + '\\n')
  return next(url, context)
}`,
  )
  writeFileSync(
    join(dir, 'record.mjs'),
    `import { register } from 'node:module'
import { appendFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
register(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)})
process.on('exit', () => appendFileSync(process.env.SIGNET_LOADED_LOG, [
  ...process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => 'builtin ' + m.slice(13)),
  ...Object.keys(createRequire(import.meta.url).cache).map((file) => 'file ' + pathToFileURL(file).href),
].join('\\n') + '\\n'))`,
  )
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Sources (repository paths, node_modules packages) and built-ins a CLI call loads. */
function loadedBy(args: string[]): { sources: string[]; builtins: string[]; files: string[]; stdout: string } {
  const log = join(dir, `loaded-${args[0]}.log`)
  writeFileSync(log, '')
  const run = spawnSync(process.execPath, ['--import', join(dir, 'record.mjs'), signetBin, ...args], {
    env: { ...process.env, NO_COLOR: '1', SIGNET_LOADED_LOG: log },
    encoding: 'utf8',
  })
  expect(run.status, run.stderr).toBe(0)
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean)
  const files = lines.filter((l) => l.startsWith('file ')).map((l) => new URL(l.slice(5)).pathname)
  const sources = files.flatMap((file) => {
    if (!file.includes('/out/cli/')) return [file]
    const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] }
    return map.sources
  })
  return {
    sources,
    builtins: lines.filter((l) => l.startsWith('builtin ')).map((l) => l.slice(8)),
    files,
    stdout: run.stdout,
  }
}

/** The bundle files (out/cli/…) a call loaded, in load order. */
const cliFiles = (files: string[]) => files.flatMap((file) => /\/out\/cli\/([^/]+)$/.exec(file)?.[1] ?? [])

const packages = (sources: string[]) =>
  [...new Set(sources.flatMap((s) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(s)?.[1] ?? []))].sort()

describe('each command loads only what it uses', () => {
  it('decode of a well-formed token loads one bundle file: no package, no file from node_modules, no child_process', () => {
    const { sources, builtins, files } = loadedBy(['decode', token])
    // not commander (cli/fast-path.ts), not the position-tracking JSON parser (momoa): JSON.parse
    // reads a well-formed header and payload
    expect(packages(sources)).toEqual([])
    expect(cliFiles(files)).toEqual(['start.mjs', 'fast.mjs'])
    // everything it runs is in the bundle: resolving a package from node_modules costs start-up
    expect(files.filter((f) => f.includes('/node_modules/'))).toEqual([])
    expect(sources.some((s) => s.endsWith('cli/commands/decode.ts'))).toBe(true)
    expect(sources.filter((s) => /cli\/commands\/(?!decode)/.test(s))).toEqual([])
    expect(builtins).not.toContain('child_process')
  })

  it('decode loads the position-tracking JSON parser when it is needed: a duplicate member is still reported', () => {
    // "alg" twice: JSON.parse would silently keep the last one
    const duplicate = `${Buffer.from('{"alg":"HS256","alg":"none"}').toString('base64url')}.${b64({ sub: 'x' })}.`
    const { sources, stdout } = loadedBy(['decode', duplicate])
    expect(packages(sources)).toEqual(['@humanwhocodes/momoa'])
    expect(stdout).toContain('duplicate member "alg" in the header')
  })

  it('decode spelt otherwise (here with --) goes through commander and the split CLI', () => {
    const { sources, files } = loadedBy(['decode', '--', token])
    expect(packages(sources)).toEqual(['commander'])
    expect(cliFiles(files).slice(0, 2)).toEqual(['start.mjs', 'signet.mjs'])
    expect(cliFiles(files)).not.toContain('fast.mjs')
    expect(sources.some((s) => s.endsWith('cli/commands/decode.ts'))).toBe(true)
  })

  it('verify with a JWK loads no store, no keychain, no zod, no certificate code', () => {
    const { sources, builtins } = loadedBy(['verify', token, '--key', join(dir, 'key.jwk')])
    for (const absent of ['zod', 'conf', 'keytar', 'pkijs', 'asn1js']) expect(packages(sources)).not.toContain(absent)
    expect(builtins).not.toContain('child_process')
  })

  it('scan without --policy or --at loads no policy schema (zod)', () => {
    const { sources } = loadedBy(['scan', join(dir, 'key.jwk'), '--jobs', '1'])
    expect(sources.some((s) => s.endsWith('cli/commands/scan.ts'))).toBe(true)
    expect(packages(sources)).not.toContain('zod')
    expect(sources.filter((s) => s.endsWith('validation-policy/policy.ts'))).toEqual([])
  })

  it('--version alone loads neither commander nor the full CLI', () => {
    const { sources, files, stdout } = loadedBy(['--version'])
    expect(packages(sources)).toEqual([])
    expect(cliFiles(files)).toEqual(['start.mjs', 'fast.mjs'])
    expect(stdout).toMatch(/^\d+\.\d+\.\d+/)
  })
})
