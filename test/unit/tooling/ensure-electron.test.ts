import { spawnSync } from 'node:child_process'
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

/**
 * `npm start` = scripts/ensure-electron.mjs, then `electron-vite preview` (which builds once and
 * launches). The ensure step runs Electron's own installer when the binary is missing. Here it runs
 * against a COPY of the electron package (SIGNET_ELECTRON_DIR), never touching node_modules/electron,
 * with the download pointed at a closed loopback port so "no route" is the same on every machine.
 */
const root = resolve(import.meta.dirname, '../../..')
const realElectron = join(root, 'node_modules/electron')
const { version } = JSON.parse(readFileSync(join(realElectron, 'package.json'), 'utf8')) as { version: string }
const dirs: string[] = []

function electronCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'signet-electron-'))
  dirs.push(dir)
  for (const file of ['package.json', 'install.js', 'checksums.json'])
    copyFileSync(join(realElectron, file), join(dir, file))
  return dir
}

function ensure(electronDir: string) {
  return spawnSync(process.execPath, [join(root, 'scripts/ensure-electron.mjs')], {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      SIGNET_ELECTRON_DIR: electronDir,
      // install.js requires @electron/get; the copy has no node_modules of its own
      NODE_PATH: join(root, 'node_modules'),
      ELECTRON_MIRROR: 'http://127.0.0.1:9/',
      electron_config_cache: join(electronDir, 'cache'),
    },
  })
}

afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

describe('npm start: ensure the Electron binary', () => {
  it('is what npm start runs first, and the app is built once (electron-vite preview builds before launching)', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>
    }
    expect(scripts.start).toBe('node scripts/ensure-electron.mjs && electron-vite preview')
  })

  it('runs Electron’s installer when the binary is missing and, without a route, fails with one clear line', () => {
    const run = ensure(electronCopy())
    expect(run.status).toBe(1)
    const lines = run.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      new RegExp(`^signet: could not install the Electron ${version.replace(/\./g, '\\.')} binary \\(.+\\)\\.`),
    )
    expect(lines[0]).toMatch(/run `npm start` again/)
    expect(lines[0]).toMatch(/npx signet --help/)
    expect(run.stderr).not.toMatch(/^\s+at /m)
    expect(run.stdout).toMatch(/running Electron's installer/)
  })

  it('treats a binary of another version as missing', () => {
    const dir = electronCopy()
    writeFileSync(join(dir, 'path.txt'), 'electron')
    mkdirSync(join(dir, 'dist'))
    writeFileSync(join(dir, 'dist/version'), 'v1.0.0')
    writeFileSync(join(dir, 'dist/electron'), '#!/bin/sh\n')
    expect(ensure(dir).status).toBe(1)
  })

  it('succeeds without downloading when path.txt and the binary are present (a stand-in executable)', () => {
    const dir = electronCopy()
    writeFileSync(join(dir, 'path.txt'), 'electron')
    mkdirSync(join(dir, 'dist'))
    writeFileSync(join(dir, 'dist/version'), `v${version}`)
    writeFileSync(join(dir, 'dist/electron'), '#!/bin/sh\necho stand-in\n')
    chmodSync(join(dir, 'dist/electron'), 0o755)
    const run = ensure(dir)
    expect(run.status).toBe(0)
    expect(run.stdout.trim()).toBe(`electron ${version}: ${join(dir, 'dist/electron')}`)
    expect(run.stderr).toBe('')
  })
})
