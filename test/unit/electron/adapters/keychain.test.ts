import { describe, expect, it } from 'vitest'
import { createKeychain, keychainServiceFromEnv } from '#electron/adapters/keychain'

/**
 * Error mapping for keychain failures that cannot be produced on this machine (macOS and Windows
 * backends, a user cancelling a prompt). keytar itself is the one faked edge here; the real
 * Secret Service is exercised in test/integration/keychain.test.ts.
 */
type Keytar = typeof import('keytar')

function fakeKeytar(failWith: string | null, store = new Map<string, string>()): () => Promise<Keytar> {
  const fail = async () => {
    if (failWith !== null) throw new Error(failWith)
  }
  return async () =>
    ({
      getPassword: async (s: string, a: string) => (await fail(), store.get(`${s}/${a}`) ?? null),
      setPassword: async (s: string, a: string, p: string) => (await fail(), void store.set(`${s}/${a}`, p)),
      deletePassword: async (s: string, a: string) => (await fail(), store.delete(`${s}/${a}`)),
      findCredentials: async (s: string) => (
        await fail(),
        [...store]
          .filter(([k]) => k.startsWith(`${s}/`))
          .map(([k, password]) => ({ account: k.slice(s.length + 1), password }))
      ),
      findPassword: async () => null,
    }) as unknown as Keytar
}

describe('keychain adapter error mapping', () => {
  it.each([
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'ERR_KEYCHAIN_UNAVAILABLE', /dbus-run-session/],
    [
      'Object does not exist at path “/org/freedesktop/secrets/collection/login”',
      'ERR_KEYCHAIN_UNAVAILABLE',
      /Secret Service provider/,
    ],
    ['Cannot create an item in a locked collection', 'ERR_KEYCHAIN_DENIED', /Unlock the keychain/],
    ['User canceled the operation.', 'ERR_KEYCHAIN_DENIED', /Unlock the keychain/],
    ['The user name or passphrase you entered is not correct. (-25293)', 'ERR_KEYCHAIN_DENIED', /Unlock/],
  ])('maps "%s" to %s with a fix', async (message, code, fix) => {
    const keychain = createKeychain('Signet-unit', fakeKeytar(message))
    await expect(keychain.set('k1', 'secret-value')).rejects.toMatchObject({
      code,
      message: expect.stringMatching(fix),
    })
    const status = await keychain.status()
    expect(status).toMatchObject({ available: false, code, service: 'Signet-unit' })
    if (!status.available) expect(status.fix).toMatch(fix)
  })

  it('never puts the secret into an error message', async () => {
    const keychain = createKeychain('Signet-unit', fakeKeytar('Cannot create an item in a locked collection'))
    const error = await keychain.set('k1', 'TOP-SECRET-MATERIAL').catch((e: Error) => e)
    expect(String((error as Error).message)).not.toContain('TOP-SECRET-MATERIAL')
  })

  it('reports a missing native module as unavailable with the install fix', async () => {
    const keychain = createKeychain('Signet-unit', async () => {
      throw new Error('Cannot find module keytar.node')
    })
    const status = await keychain.status()
    expect(status).toMatchObject({ available: false, code: 'ERR_KEYCHAIN_UNAVAILABLE' })
    if (!status.available) expect(status.fix).toMatch(/libsecret-1-dev/)
  })

  it('lists account names only and hides its own probe entry', async () => {
    const keychain = createKeychain('Signet-unit', fakeKeytar(null))
    await keychain.set('a', '1')
    expect(await keychain.status()).toMatchObject({ available: true })
    expect(await keychain.list()).toEqual(['a'])
  })

  it('rejects empty account names before touching the keychain', async () => {
    const keychain = createKeychain('Signet-unit', fakeKeytar(null))
    await expect(keychain.get('')).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' })
  })

  it('takes the service name from SIGNET_KEYCHAIN_SERVICE', () => {
    expect(keychainServiceFromEnv({ SIGNET_KEYCHAIN_SERVICE: 'Signet-ci' })).toBe('Signet-ci')
    expect(keychainServiceFromEnv({})).toBe('Signet')
  })
})

describe('keychain status probe', () => {
  it('uses a fresh entry per probe, so concurrent probes never read each other', async () => {
    const shared = new Map<string, string>()
    const a = createKeychain('Signet-unit', fakeKeytar(null, shared))
    const b = createKeychain('Signet-unit', fakeKeytar(null, shared))
    const statuses = await Promise.all([
      a.status({ refresh: true }),
      b.status({ refresh: true }),
      a.status({ refresh: true }),
      b.status({ refresh: true }),
    ])
    expect(statuses.every((s) => s.available)).toBe(true)
    expect([...shared.keys()]).toEqual([])
  })
})
