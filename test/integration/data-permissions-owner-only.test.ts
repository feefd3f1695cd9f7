import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { signetBin } from '../support/run-cli'
import { runProcess, type ProcessResult } from '../support/run-process'

// Issue 10 item 11: owner-only data whatever the umask. The real CLI as a child process started
// under a usual 022 umask (a shell sets it, exactly as a login shell would).
beforeAll(() => {
  if (!process.env.SIGNET_PRIVATE_KEYRING)
    throw new Error('Integration tests must run inside scripts/with-private-keyring.sh (npm run test:integration).')
})

function signetUnderUmask(dataDir: string, args: string[]): Promise<ProcessResult> {
  return runProcess(
    'sh',
    ['-c', 'umask 022 && exec "$0" "$@"', process.execPath, signetBin, '--data-dir', dataDir, ...args],
    {
      env: { NO_COLOR: '1', SIGNET_KEYCHAIN_SERVICE: `Signet-it-perms-${process.pid}` },
    },
  )
}

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8)

describe.skipIf(process.platform === 'win32')('data directory and files are owner-only under a 022 umask', () => {
  it('creates the directory 0700 and the store, audit log, anchor and recovery marker 0600', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'signet-perms-')), 'data')
    expect((await signetUnderUmask(dataDir, ['sets', 'create', 'prod'])).code).toBe(0)
    expect(mode(dataDir)).toBe('700')
    for (const name of ['signet.json', 'audit.log.jsonl', 'audit.head.json'])
      expect(mode(join(dataDir, name)), name).toBe('600')
    writeFileSync(join(dataDir, 'signet.json'), 'garbage', { mode: 0o600 })
    expect((await signetUnderUmask(dataDir, ['store', 'recover'])).code).toBe(0)
    for (const name of ['signet.json', 'signet.recovery.json']) expect(mode(join(dataDir, name)), name).toBe('600')
    const info = await signetUnderUmask(dataDir, ['info', '--json'])
    expect(JSON.parse(info.stdout).permissionWarnings).toEqual([])
  }, 120_000)

  it('info warns, naming each path, when an existing directory or file is wider, and changes nothing', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'signet-perms-')), 'data')
    expect((await signetUnderUmask(dataDir, ['sets', 'create', 'prod'])).code).toBe(0)
    chmodSync(dataDir, 0o755)
    chmodSync(join(dataDir, 'signet.json'), 0o644)
    const info = await signetUnderUmask(dataDir, ['info'])
    expect(info.code).toBe(0)
    expect(info.stdout).toContain(`The directory ${dataDir} is readable or writable by others (mode 755)`)
    expect(info.stdout).toContain(
      `The file ${join(dataDir, 'signet.json')} is readable or writable by others (mode 644)`,
    )
    expect(info.stdout).toContain(`chmod 700 '${dataDir}'`)
    expect(mode(dataDir)).toBe('755')
    expect(mode(join(dataDir, 'signet.json'))).toBe('644')
  }, 120_000)
})
