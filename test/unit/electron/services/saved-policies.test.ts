import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, storeFileName, type Store } from '#electron/adapters/store'
import { confBackend } from '#electron/adapters/store-conf'
import { dispatch } from '#electron/services/dispatch'
import { createHandlers } from '#electron/services/handlers'
import { createContext } from '#electron/services/context'
import { deletePolicy, listPolicies, savePolicy } from '#electron/services/saved-policies'
import { parsePolicyJson } from '#shared/validation-policy/policy'

let dataDir: string
let store: Store
const now = () => new Date('2026-03-01T09:14:00Z')
const context = () => ({ store, now })

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'signet-policies-'))
  store = openStore({ dataDir, createBackend: confBackend })
})
afterEach(() => rmSync(dataDir, { recursive: true, force: true }))

const prod = {
  name: 'prod API',
  issuer: 'https://issuer.example',
  audience: ['api', 'admin'],
  algorithms: ['ES256'],
  maxLifetime: 3600,
}

describe('named policies', () => {
  it('start empty, save, list sorted by name, with defaults written out', () => {
    expect(listPolicies(context())).toEqual({ policies: [], unreadable: [] })
    savePolicy(context(), { policy: prod })
    const saved = savePolicy(context(), { policy: { name: 'dev', clockSkew: 300 } })
    expect(saved).toEqual({
      name: 'dev',
      savedAt: '2026-03-01T09:14:00.000Z',
      policy: { version: 1, name: 'dev', clockSkew: 300, requiredClaims: [], futureIat: 'reject' },
    })
    const list = listPolicies(context())
    expect(list.policies.map((p) => p.name)).toEqual(['dev', 'prod API'])
    expect(list.policies[1]!.policy).toMatchObject({
      issuer: ['https://issuer.example'],
      audience: ['api', 'admin'],
      algorithms: ['ES256'],
      clockSkew: 60,
      maxLifetime: 3600,
    })
  })

  it('stores the same JSON an export writes, which the CLI parser reads back unchanged', () => {
    savePolicy(context(), { policy: prod })
    const file = JSON.parse(readFileSync(join(dataDir, storeFileName), 'utf8')) as {
      policies: { name: string; policy: unknown }[]
    }
    expect(file.policies).toHaveLength(1)
    expect(file.policies[0]!.name).toBe('prod API')
    expect(parsePolicyJson(JSON.stringify(file.policies[0]!.policy))).toEqual(
      listPolicies(context()).policies[0]!.policy,
    )
  })

  it('refuses a policy without a name, an invalid one, and a name already taken unless told to replace it', () => {
    expect(() => savePolicy(context(), { policy: { issuer: 'x' } })).toThrow(
      expect.objectContaining({ code: 'ERR_POLICY_INVALID', message: expect.stringContaining('needs a name') }),
    )
    expect(() => savePolicy(context(), { policy: { name: 'x', algorithms: ['none'] } })).toThrow(
      expect.objectContaining({ code: 'ERR_POLICY_INVALID', message: expect.stringContaining('"none"') }),
    )
    expect(() => savePolicy(context(), { policy: { name: 'x', colckSkew: 5 } })).toThrow(
      expect.objectContaining({ code: 'ERR_POLICY_INVALID', message: expect.stringContaining('"colckSkew"') }),
    )
    savePolicy(context(), { policy: prod })
    expect(() => savePolicy(context(), { policy: { ...prod, maxLifetime: 60 } })).toThrow(
      expect.objectContaining({ code: 'ERR_POLICY_EXISTS' }),
    )
    expect(listPolicies(context()).policies[0]!.policy.maxLifetime).toBe(3600)
    savePolicy(context(), { policy: { ...prod, maxLifetime: 60 }, overwrite: true })
    expect(listPolicies(context()).policies).toHaveLength(1)
    expect(listPolicies(context()).policies[0]!.policy.maxLifetime).toBe(60)
  })

  it('deletes by name, and says so when the name is unknown', () => {
    savePolicy(context(), { policy: prod })
    expect(deletePolicy(context(), { name: 'prod API' })).toEqual({ deleted: 'prod API' })
    expect(listPolicies(context()).policies).toEqual([])
    expect(() => deletePolicy(context(), { name: 'prod API' })).toThrow(
      expect.objectContaining({ code: 'ERR_POLICY_NOT_FOUND' }),
    )
  })

  it('reports an entry edited by hand into something invalid, and still lists the others', () => {
    savePolicy(context(), { policy: prod })
    const path = join(dataDir, storeFileName)
    const file = JSON.parse(readFileSync(path, 'utf8')) as { policies: Record<string, unknown>[] }
    file.policies.push({ name: 'broken', savedAt: '2026-01-01T00:00:00Z', policy: { clockSkew: -5 } })
    writeFileSync(path, JSON.stringify(file))
    const reopened = openStore({ dataDir, createBackend: confBackend })
    const list = listPolicies({ store: reopened, now })
    expect(list.policies.map((p) => p.name)).toEqual(['prod API'])
    expect(list.unreadable).toEqual([{ name: 'broken', message: expect.stringContaining('clockSkew') }])
  })

  it('a store file written before policies existed opens with none', () => {
    rmSync(join(dataDir, storeFileName))
    writeFileSync(
      join(dataDir, storeFileName),
      JSON.stringify({ schemaVersion: 1, settings: { theme: 'system' }, keySets: [], keys: [] }),
    )
    const reopened = openStore({ dataDir, createBackend: confBackend })
    expect(listPolicies({ store: reopened, now }).policies).toEqual([])
  })

  it('is reachable through the handler table with schema-checked input', async () => {
    const handlers = createHandlers(createContext({ dataDir, version: '0.0.0-test', storeBackend: confBackend, now }))
    expect(await dispatch(handlers, 'policies:save', { policy: prod })).toMatchObject({
      ok: true,
      value: { name: 'prod API' },
    })
    expect(await dispatch(handlers, 'policies:save', { policy: prod, extra: true })).toMatchObject({
      ok: false,
      error: { code: 'ERR_INVALID_ARGUMENT' },
    })
    expect(await dispatch(handlers, 'policies:save', { policy: prod })).toMatchObject({
      ok: false,
      error: { code: 'ERR_POLICY_EXISTS' },
    })
    expect(await dispatch(handlers, 'policies:list', undefined)).toMatchObject({
      ok: true,
      value: { policies: [{ name: 'prod API' }] },
    })
    expect(await dispatch(handlers, 'policies:delete', { name: '' })).toMatchObject({
      ok: false,
      error: { code: 'ERR_INVALID_ARGUMENT' },
    })
    expect(await dispatch(handlers, 'policies:delete', { name: 'prod API' })).toEqual({
      ok: true,
      value: { deleted: 'prod API' },
    })
  })
})
