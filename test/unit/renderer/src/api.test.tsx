import { afterEach, describe, expect, it } from 'vitest'
import { call, requireSignetApi, signetApi, SignetCallError, unwrap } from '#renderer/api'
import type { SignetApi } from '#shared/contract'

const globals = globalThis as { window?: unknown }

afterEach(() => {
  delete globals.window
})

describe('unwrap', () => {
  it('returns the value of an ok Result', async () => {
    await expect(unwrap(Promise.resolve({ ok: true as const, value: 42 }))).resolves.toBe(42)
  })

  it('throws a SignetCallError carrying the code, message and location of a failed Result', async () => {
    const failure = unwrap(
      Promise.resolve({
        ok: false as const,
        error: {
          code: 'ERR_TOKEN_BASE64URL' as const,
          message: 'bad at 3',
          location: { segment: 'payload', offset: 3 },
        },
      }),
    )
    await expect(failure).rejects.toBeInstanceOf(SignetCallError)
    await expect(failure).rejects.toMatchObject({
      code: 'ERR_TOKEN_BASE64URL',
      message: 'bad at 3',
      location: { segment: 'payload', offset: 3 },
    })
  })

  it('does not trust a malformed answer: unknown codes and non-Results become ERR_INTERNAL', async () => {
    await expect(
      unwrap(Promise.resolve({ ok: false, error: { code: 'ERR_MADE_UP', message: 'x' } } as never)),
    ).rejects.toMatchObject({ code: 'ERR_INTERNAL' })
    await expect(unwrap(Promise.resolve('surprise' as never))).rejects.toMatchObject({ code: 'ERR_INTERNAL' })
    await expect(unwrap(Promise.resolve({ ok: true } as never))).rejects.toMatchObject({ code: 'ERR_INTERNAL' })
  })
})

describe('the bridge', () => {
  it('is reported missing outside the app, with a stable code', async () => {
    expect(signetApi()).toBeNull()
    expect(() => requireSignetApi()).toThrow(SignetCallError)
    await expect(call((api) => api.app.info())).rejects.toMatchObject({ code: 'ERR_BRIDGE_MISSING' })
  })

  it('is used when present, and its Result is unwrapped', async () => {
    const keychain = { available: true as const, backend: 'test', service: 'Signet-test' }
    const api = {
      keychain: {
        status: async (input?: { refresh?: boolean }) => ({
          ok: true as const,
          value: { ...keychain, service: input?.refresh ? 'refreshed' : 'cached' },
        }),
      },
    }
    globals.window = { signet: api as unknown as SignetApi }
    expect(signetApi()).toBe(api)
    await expect(call((bridge) => bridge.keychain.status({ refresh: true }))).resolves.toMatchObject({
      service: 'refreshed',
    })
  })

  it('turns a bridge that throws synchronously into a rejected promise', async () => {
    globals.window = {
      signet: {
        app: {
          info: () => {
            throw new Error('boom')
          },
        },
      },
    }
    await expect(call((api) => api.app.info())).rejects.toThrow('boom')
  })
})
