import { readFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { keyTestContext, type KeyTestContext } from '../../../../support/key-context'

// The publishing channels through the very dispatch path IPC uses: a dir target chosen in main's
// folder dialog, the plan, the publish, a diff of a pasted JWKS against the set, and the loopback
// endpoint answering real HTTP requests.

const dirs: string[] = []
let t: KeyTestContext | null = null
afterEach(async () => {
  if (t) await t.call('jwks:serve-stop', undefined)
  t = null
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }))
})

async function world(): Promise<{ t: KeyTestContext; site: string }> {
  const site = mkdtempSync(join(tmpdir(), 'signet-publish-site-'))
  dirs.push(site)
  t = keyTestContext({
    files: {
      saveBackup: async () => null,
      openBackup: async () => null,
      saveStatusList: async () => null,
      chooseFolder: async () => site,
    },
  })
  await t.call('sets:create', {
    name: 'prod',
    issuer: 'https://auth.example.com',
    maxTokenLifetime: '1h',
    jwksCacheTime: '15m',
    clockSkew: '1m',
  })
  await t.call('keys:generate', { set: 'prod', alg: 'ES256', kid: 'k1', activate: true })
  return { t, site }
}

async function addSite(t: KeyTestContext) {
  const choice = await t.call('dialog:choose-publish-folder', { kind: 'dir' })
  return t.call('jwks:add-target', { set: 'prod', name: 'site', kind: 'dir', folder: choice.handle! })
}

describe('publishing channels', () => {
  it("targets, plan, publish and the audit history: the bytes on disk are the set's JWKS", async () => {
    const { t, site } = await world()
    expect(await t.call('jwks:targets', { set: 'prod' })).toEqual([])
    await addSite(t)
    const plan = await t.call('jwks:plan', { set: 'prod' })
    expect(plan.ok).toBe(true)
    expect(plan.targets[0]!.diff.added.map((k) => k.kid)).toEqual(['k1'])
    expect(plan.targets[0]!.current.sha256).toBeNull()
    const result = await t.call('jwks:publish', { set: 'prod' })
    expect(result.targets[0]).toMatchObject({ target: 'site', added: ['k1'], removed: [], upToDate: false })
    expect(readFileSync(join(site, '.well-known/jwks.json'), 'utf8')).toBe(plan.jwks)
    const [listed] = await t.call('jwks:targets', { set: 'prod' })
    expect(listed!.lastPublish?.sha256).toBe(plan.sha256)
    expect(listed!.firstPublished.k1).toBe(t.clock.now().toISOString())
    expect((await t.call('jwks:plan', { set: 'prod' })).targets[0]!.upToDate).toBe(true)
    const history = await t.call('audit:list', { actions: ['jwks.publish'], set: 'prod' })
    expect(history.entries.map((e) => e.details.sha256)).toEqual([plan.sha256])
    await t.call('jwks:remove-target', { set: 'prod', name: 'site' })
    expect(await t.call('jwks:targets', undefined)).toEqual([])
  })

  it("a retired key's early removal is refused with its safe date, and forcing it needs a reason", async () => {
    const { t } = await world()
    await addSite(t)
    await t.call('keys:generate', { set: 'prod', alg: 'ES256', kid: 'k2' })
    await t.call('jwks:publish', { set: 'prod' })
    t.clock.advance(16 * 60)
    await t.call('keys:activate', { kid: 'k2' })
    await t.call('keys:unpublish', { kid: 'k1', force: true, reason: 'leaving early on purpose' })
    const plan = await t.call('jwks:plan', { set: 'prod' })
    expect(plan.ok).toBe(false)
    const removal = plan.targets[0]!.diff.removed[0]!
    expect(removal).toMatchObject({ kid: 'k1', verdict: 'refused' })
    expect(removal.safeAt).not.toBeNull()
    expect(plan.targets[0]!.refusals[0]).toMatchObject({ kind: 'removal', kid: 'k1', forceable: true })
    expect((await t.failure('jwks:publish', { set: 'prod' })).code).toBe('ERR_PUBLISH_REFUSED')
    expect((await t.failure('jwks:publish', { set: 'prod', force: true })).code).toBe('ERR_PUBLISH_REASON_REQUIRED')
    const forced = await t.call('jwks:publish', {
      set: 'prod',
      force: true,
      reason: 'key rotated out after an incident',
    })
    expect(forced.targets[0]).toMatchObject({ forced: true, removed: ['k1'] })
    const entry = (await t.call('audit:list', { actions: ['jwks.publish'], order: 'newest', limit: 1 })).entries[0]!
    expect(entry.details).toMatchObject({ forced: true, reason: 'key rotated out after an incident', removed: 'k1' })
  })

  it('jwks:diff judges a pasted JWKS against the set; bad input gets a clear code', async () => {
    const { t } = await world()
    const exported = await t.call('jwks:export', { set: 'prod' })
    const ghost = {
      kty: 'EC',
      crv: 'P-256',
      kid: 'ghost',
      x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
      y: 'x_FEzRu9m36HLN_tUAIdMDCRx-zBNo_IaEGzuqkVK3o',
    }
    const pasted = JSON.stringify({ keys: [...(JSON.parse(exported.jwks) as { keys: unknown[] }).keys, ghost] })
    const result = await t.call('jwks:diff', { set: 'prod', jwks: pasted })
    expect(result.sha256).toBe(exported.sha256)
    expect(result.diff.removed).toMatchObject([{ kid: 'ghost', verdict: 'unjudged' }])
    expect(result.diff.unchanged.map((k) => k.kid)).toEqual(['k1'])
    expect((await t.failure('jwks:diff', { set: 'prod', jwks: '{"keys": [' })).code).toBe('ERR_JWKS_JSON')
    expect((await t.failure('jwks:diff', { set: 'prod', jwks: '{"kty":"EC"}' })).code).toBe('ERR_JWKS_INVALID')
    const overLong = await t.failure('jwks:diff', { set: 'prod', jwks: 'x'.repeat(1024 * 1024 + 1) })
    expect(overLong.code).toBe('ERR_INVALID_ARGUMENT')
    expect(overLong.message).toContain('a JWKS is at most 1 MiB (UTF-8)')
  })

  it('jwks:diff measures the pasted JWKS in UTF-8 bytes: multi-byte text under the limit in characters is refused', async () => {
    const { t } = await world()
    // 400,000 three-byte characters: under 1 MiB of .length, 1.2 MB of UTF-8.
    const jwks = JSON.stringify({ keys: [{ kty: 'oct', kid: '€'.repeat(400_000), k: 'AAAA' }] })
    expect(jwks.length).toBeLessThan(1024 * 1024)
    const refused = await t.failure('jwks:diff', { set: 'prod', jwks })
    expect(refused.code).toBe('ERR_JWKS_TOO_LARGE')
    expect(refused.message).toBe(
      `The JWKS is 1.1 MiB (${Buffer.byteLength(jwks).toLocaleString('en-US')} bytes); Signet reads a JWKS of at most 1 MiB (UTF-8). A real key set is a few kilobytes: check that this is the one you meant.`,
    )
  })

  it('serve: loopback only, real HTTP with the JWKS headers and ETag, new bytes after a key change, stop closes it', async () => {
    const { t } = await world()
    expect(await t.call('jwks:serve-status', undefined)).toMatchObject({ running: false, url: null })
    expect((await t.failure('jwks:serve-start', { sets: ['prod'], host: '0.0.0.0' } as never)).code).toBe(
      'ERR_INVALID_ARGUMENT',
    )
    expect((await t.failure('jwks:serve-start', { sets: ['prod'], port: 80 })).code).toBe('ERR_INVALID_ARGUMENT')
    const status = await t.call('jwks:serve-start', { sets: ['prod'] })
    expect(status.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(await t.call('jwks:serve-status', undefined)).toEqual(status)
    const url = status.jwksUrls.prod!
    const first = await fetch(url)
    expect(first.status).toBe(200)
    expect(first.headers.get('content-type')).toBe('application/jwk-set+json')
    expect(first.headers.get('cache-control')).toBe('public, max-age=900')
    expect(first.headers.get('access-control-allow-origin')).toBe('*')
    expect(await first.text()).toBe((await t.call('jwks:export', { set: 'prod' })).jwks)
    const etag = first.headers.get('etag')!
    expect((await fetch(url, { headers: { 'If-None-Match': etag } })).status).toBe(304)
    await t.call('keys:generate', { set: 'prod', alg: 'EdDSA', kid: 'k-new' })
    const after = await fetch(url, { headers: { 'If-None-Match': etag } })
    expect(after.status).toBe(200)
    expect(await after.text()).toContain('"kid": "k-new"')
    await t.call('jwks:serve-stop', undefined)
    expect((await t.call('jwks:serve-status', undefined)).running).toBe(false)
    await expect(fetch(url)).rejects.toThrow()
  })
})
