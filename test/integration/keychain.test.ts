import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { createKeychain } from '#electron/adapters/keychain'
import { runCli } from '../support/run-cli'
import { runProcess } from '../support/run-process'

// Runs inside scripts/with-private-keyring.sh: a real gnome-keyring in a private D-Bus session.
beforeAll(() => {
  if (!process.env.SIGNET_PRIVATE_KEYRING) {
    throw new Error('Integration tests must run inside scripts/with-private-keyring.sh (npm run test:integration).')
  }
})

describe('keychain adapter against a real Secret Service', () => {
  const service = `Signet-it-${process.pid}-${Date.now()}`

  it('reports itself available', async () => {
    expect(await createKeychain(service).status()).toMatchObject({ available: true, service })
  })

  it('runs a full set / get / list / delete cycle', async () => {
    const keychain = createKeychain(service)
    const secret = JSON.stringify({ kty: 'oct', k: 'c2VjcmV0LXZhbHVlLWZvci10ZXN0cw' })
    await keychain.set('key-1', secret)
    await keychain.set('key-2', 'second')
    expect(await keychain.get('key-1')).toBe(secret)
    // findCredentials order is not stable on Secret Service: compare as sets.
    expect((await keychain.list()).sort()).toEqual(['key-1', 'key-2'])
    await keychain.set('key-1', 'replaced')
    expect(await keychain.get('key-1')).toBe('replaced')
    expect(await keychain.delete('key-1')).toBe(true)
    expect(await keychain.delete('key-1')).toBe(false)
    expect(await keychain.get('key-1')).toBeNull()
    expect(await keychain.list()).toEqual(['key-2'])
    await keychain.delete('key-2')
  })

  it('keeps services apart', async () => {
    const a = createKeychain(`${service}-a`)
    const b = createKeychain(`${service}-b`)
    await a.set('shared-name', 'from-a')
    expect(await b.get('shared-name')).toBeNull()
    expect(await b.list()).toEqual([])
    await a.delete('shared-name')
  })

  it('stores multi-kilobyte secrets (RSA 4096 private JWKs) intact', async () => {
    const keychain = createKeychain(service)
    const big = 'x'.repeat(16_000) + 'é✓'
    await keychain.set('big', big)
    expect(await keychain.get('big')).toBe(big)
    await keychain.delete('big')
  })
})

describe('keychain unavailable', () => {
  let dataDir: string
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'signet-nokeychain-'))
  })

  it('without any D-Bus session: signet info says unavailable, why, and how to fix it', async () => {
    const result = await runCli(['info', '--json', '--data-dir', dataDir], {
      env: { DBUS_SESSION_BUS_ADDRESS: undefined, DISPLAY: undefined },
    })
    expect(result.code).toBe(2)
    const info = JSON.parse(result.stdout)
    expect(info.keychain).toMatchObject({ available: false, code: 'ERR_KEYCHAIN_UNAVAILABLE' })
    expect(info.keychain.reason).toMatch(/D-Bus/)
    expect(info.keychain.fix).toMatch(/dbus-run-session/)
  })

  it('with D-Bus but no unlocked Secret Service: unavailable or denied, never a hang or crash', async () => {
    const emptyHome = mkdtempSync(join(tmpdir(), 'signet-nodaemon-'))
    // A fresh D-Bus session with no keyring unlocked: gnome-keyring may be activated, but has no collection.
    const result = await runProcess(
      'dbus-run-session',
      ['--', process.execPath, 'bin/signet.mjs', 'info', '--json', '--data-dir', dataDir],
      { env: { XDG_DATA_HOME: emptyHome, XDG_RUNTIME_DIR: emptyHome, DISPLAY: '' }, timeoutMs: 25_000 },
    )
    expect(result.code).toBe(2)
    const info = JSON.parse(result.stdout)
    expect(info.keychain.available).toBe(false)
    expect(['ERR_KEYCHAIN_UNAVAILABLE', 'ERR_KEYCHAIN_DENIED']).toContain(info.keychain.code)
    expect(info.keychain.fix.length).toBeGreaterThan(20)
  })
})
