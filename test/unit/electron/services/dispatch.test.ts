import { describe, expect, it } from 'vitest'
import type { Handlers } from '#shared/contract'
import { SignetError } from '#shared/errors'
import { dispatch } from '#electron/services/dispatch'

// A handler table whose every entry fails loudly, overridden per test: dispatch must not reach a
// handler when the input is bad, and must map what a handler throws.
function handlers(overrides: Partial<Handlers>): Handlers {
  const never = async () => {
    throw new Error('handler must not be called')
  }
  return new Proxy({} as Handlers, { get: (_t, name: string) => (overrides as Record<string, unknown>)[name] ?? never })
}

describe('dispatch', () => {
  it('refuses an unknown channel', async () => {
    expect(await dispatch(handlers({}), 'shell:exec', 'rm -rf /')).toMatchObject({
      ok: false,
      error: { code: 'ERR_IPC_UNKNOWN_CHANNEL' },
    })
    expect(await dispatch(handlers({}), '__proto__', undefined)).toMatchObject({
      ok: false,
      error: { code: 'ERR_IPC_UNKNOWN_CHANNEL' },
    })
  })

  it('rejects input that does not match the schema before any handler runs', async () => {
    const result = await dispatch(handlers({}), 'keychain:status', { refresh: 'yes' })
    expect(result).toMatchObject({ ok: false, error: { code: 'ERR_INVALID_ARGUMENT' } })
    if (!result.ok) expect(result.error.message).toMatch(/keychain:status at "refresh"/)
    expect(await dispatch(handlers({}), 'keychain:status', { refresh: true, extra: 1 })).toMatchObject({ ok: false })
    expect(await dispatch(handlers({}), 'app:info', { anything: 1 })).toMatchObject({
      ok: false,
      error: { code: 'ERR_INVALID_ARGUMENT' },
    })
  })

  it('passes parsed input and wraps the value', async () => {
    const status = { available: true as const, backend: 'x', service: 'y' }
    const result = await dispatch(
      handlers({ 'keychain:status': async (input) => ({ ...status, service: String(input?.refresh) }) }),
      'keychain:status',
      { refresh: true },
    )
    expect(result).toEqual({ ok: true, value: { ...status, service: 'true' } })
  })

  it('forwards SignetError codes and messages', async () => {
    const failing = handlers({
      'app:info': async () => {
        throw new SignetError('ERR_KEYCHAIN_DENIED', 'Unlock the keychain.')
      },
    })
    expect(await dispatch(failing, 'app:info', undefined)).toEqual({
      ok: false,
      error: { code: 'ERR_KEYCHAIN_DENIED', message: 'Unlock the keychain.' },
    })
  })

  it('hides the text of unexpected errors: it may carry paths or secrets', async () => {
    const failing = handlers({
      'app:info': async () => {
        throw new Error('failed reading {"kty":"oct","k":"SECRET"} at /home/ada')
      },
    })
    const result = await dispatch(failing, 'app:info', undefined)
    expect(result).toMatchObject({ ok: false, error: { code: 'ERR_INTERNAL' } })
    expect(JSON.stringify(result)).not.toMatch(/SECRET|home\/ada/)
  })
})
