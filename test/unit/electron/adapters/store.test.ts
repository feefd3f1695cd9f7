import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, storeFileName } from '#electron/adapters/store'
import { confBackend } from '#electron/adapters/store-conf'
import { pendingRecovery } from '#electron/adapters/store-recovery-marker'
import { currentStoreVersion } from '#electron/adapters/store-schema'
import { SignetError } from '#shared/errors'

// Real files through the real conf backend: the store's promises are about what lands on disk.
let dataDir: string
const fixedNow = () => new Date('2026-11-22T10:00:00.000Z')
const open = () => openStore({ dataDir, createBackend: confBackend, now: fixedNow })
const storeFile = () => join(dataDir, storeFileName)

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'signet-store-'))
})
afterEach(() => rmSync(dataDir, { recursive: true, force: true }))

describe('openStore', () => {
  it('creates a versioned file on first open', () => {
    const store = open()
    expect(store.path).toBe(storeFile())
    expect(store.problem()).toBeNull()
    expect(JSON.parse(readFileSync(storeFile(), 'utf8'))).toMatchObject({
      schemaVersion: currentStoreVersion,
      settings: { theme: 'system' },
    })
  })

  it('persists updates and reads them back in a new instance', () => {
    open().update((data) => ({ ...data, settings: { ...data.settings, theme: 'dark' } }))
    expect(open().read().settings.theme).toBe('dark')
  })

  it('keeps members it does not know (written by a newer minor release)', () => {
    writeFileSync(storeFile(), JSON.stringify({ schemaVersion: 1, settings: { theme: 'light' }, futureThing: [1, 2] }))
    const store = open()
    store.update((data) => data)
    expect(JSON.parse(readFileSync(storeFile(), 'utf8')).futureThing).toEqual([1, 2])
  })

  it('refuses to write a document that breaks the schema', () => {
    const store = open()
    expect(() => store.update(() => ({ schemaVersion: -1 }) as never)).toThrow(SignetError)
    expect(JSON.parse(readFileSync(storeFile(), 'utf8')).schemaVersion).toBe(currentStoreVersion)
  })

  it.each([
    ['not JSON', '{"schemaVersion": 1, "settings": '],
    ['empty', ''],
    ['not an object', '[1,2,3]'],
    ['no schemaVersion', '{"settings":{}}'],
    ['schema violation', '{"schemaVersion":1,"settings":{"theme":"purple"}}'],
  ])(
    'never replaces a corrupt file on open (%s): reads and writes fail with ERR_STORE_CORRUPT, the bytes stay',
    (_label, content) => {
      writeFileSync(storeFile(), content)
      const store = open()
      expect(store.problem()).toContain(storeFile())
      expect(() => store.read()).toThrow(expect.objectContaining({ code: 'ERR_STORE_CORRUPT' }))
      expect(() => store.update((d) => d)).toThrow(expect.objectContaining({ code: 'ERR_STORE_CORRUPT' }))
      expect(readFileSync(storeFile(), 'utf8')).toBe(content)
      expect(readdirSync(dataDir).filter((name) => name !== storeFileName)).toEqual([])
    },
  )

  it.each([
    ['not JSON', '{"schemaVersion": 1, "settings": '],
    ['schema violation', '{"schemaVersion":1,"settings":{"theme":"purple"}}'],
  ])('recover() moves a corrupt file aside (%s), marks it, and starts empty', (_label, content) => {
    writeFileSync(storeFile(), content)
    const store = open()
    const recovery = store.recover()
    expect(recovery).not.toBeNull()
    expect(recovery!.movedTo).toBe(`${storeFile()}.corrupt-2026-11-22T10-00-00-000Z`)
    expect(readFileSync(recovery!.movedTo, 'utf8')).toBe(content)
    expect(recovery!.reason).toContain(recovery!.movedTo)
    expect(store.read().schemaVersion).toBe(currentStoreVersion)
    expect(pendingRecovery(dataDir)).toEqual(recovery)
    expect(open().recover()).toBeNull()
  })

  it('never overwrites an earlier moved-aside file', () => {
    writeFileSync(storeFile(), 'garbage 1')
    open().recover()
    writeFileSync(storeFile(), 'garbage 2')
    open().recover()
    const kept = readdirSync(dataDir).filter((name) => name.includes('.corrupt-'))
    expect(kept).toHaveLength(2)
    expect(kept.map((name) => readFileSync(join(dataDir, name), 'utf8')).sort()).toEqual(['garbage 1', 'garbage 2'])
  })

  it('refuses a file from a newer Signet and leaves it untouched', () => {
    const newer = JSON.stringify({ schemaVersion: 99, settings: {} })
    writeFileSync(storeFile(), newer)
    expect(() => open()).toThrow(expect.objectContaining({ code: 'ERR_STORE_NEWER_VERSION' }))
    expect(readFileSync(storeFile(), 'utf8')).toBe(newer)
  })

  it('runs numbered migrations up to the current version', () => {
    writeFileSync(storeFile(), JSON.stringify({ schemaVersion: 1, settings: { theme: 'dark' }, legacy: 'x' }))
    const store = openStore({
      dataDir,
      createBackend: confBackend,
      versioning: { current: 2, migrations: { 1: ({ legacy, ...rest }) => ({ ...rest, renamed: legacy }) } },
    })
    const onDisk = JSON.parse(readFileSync(storeFile(), 'utf8'))
    expect(onDisk).toMatchObject({ schemaVersion: 2, renamed: 'x', settings: { theme: 'dark' } })
    expect(onDisk.legacy).toBeUndefined()
    expect(store.problem()).toBeNull()
  })

  it('migrates a version-1 file to version 2 with no status lists, keeping everything else', () => {
    writeFileSync(storeFile(), JSON.stringify({ schemaVersion: 1, settings: { theme: 'dark' }, keySets: [], keys: [] }))
    const data = open().read()
    expect(data).toMatchObject({ schemaVersion: currentStoreVersion, statusLists: [], settings: { theme: 'dark' } })
    expect(JSON.parse(readFileSync(storeFile(), 'utf8'))).toMatchObject({
      schemaVersion: currentStoreVersion,
      statusLists: [],
    })
  })

  it('migrates a version-2 file to version 3 with no publish targets, keeping its status lists', () => {
    writeFileSync(
      storeFile(),
      JSON.stringify({ schemaVersion: 2, settings: { theme: 'light' }, keySets: [], keys: [], statusLists: [] }),
    )
    const data = open().read()
    expect(data).toMatchObject({
      schemaVersion: currentStoreVersion,
      publishTargets: [],
      statusLists: [],
      settings: { theme: 'light' },
    })
    expect(JSON.parse(readFileSync(storeFile(), 'utf8'))).toMatchObject({
      schemaVersion: currentStoreVersion,
      publishTargets: [],
    })
  })

  it('migrates a version-3 file to version 4 with no revocation lists, keeping its status lists and publish targets', () => {
    const statusList = {
      id: '5b4f8a4e-9f1e-4a53-8f43-1d1b0d1e2a01',
      setId: '5b4f8a4e-9f1e-4a53-8f43-1d1b0d1e2a02',
      name: 'revoked',
      uri: 'https://example.com/sl/1',
      bits: 1,
      size: 8,
      ttl: 3600,
      lifetime: 86400,
      aggregationUri: null,
      lst: 'eNoDAAAAAAE',
      notes: {},
      revision: 0,
      createdAt: '2026-11-01T00:00:00.000Z',
      updatedAt: '2026-11-01T00:00:00.000Z',
      lastExport: null,
    }
    writeFileSync(
      storeFile(),
      JSON.stringify({
        schemaVersion: 3,
        settings: { theme: 'dark' },
        keySets: [],
        keys: [],
        statusLists: [statusList],
        publishTargets: [],
      }),
    )
    const data = open().read()
    expect(currentStoreVersion).toBe(4)
    expect(data).toMatchObject({
      schemaVersion: 4,
      revocationLists: [],
      statusLists: [statusList],
      publishTargets: [],
      settings: { theme: 'dark' },
    })
    expect(JSON.parse(readFileSync(storeFile(), 'utf8'))).toMatchObject({ schemaVersion: 4, revocationLists: [] })
  })

  it("keeps a version-3 file's revocation lists if a newer build already wrote some (the migration never drops data)", () => {
    const list = {
      setId: '5b4f8a4e-9f1e-4a53-8f43-1d1b0d1e2a02',
      entries: [],
      notBefore: 1,
      revision: 1,
      updatedAt: '2026-11-01T00:00:00.000Z',
      lastExport: null,
    }
    writeFileSync(
      storeFile(),
      JSON.stringify({ schemaVersion: 3, settings: { theme: 'dark' }, revocationLists: [list] }),
    )
    expect(open().read().revocationLists).toEqual([list])
  })

  it('reports a file changed behind its back instead of returning bad data', () => {
    const store = open()
    writeFileSync(storeFile(), JSON.stringify({ schemaVersion: 1, settings: { theme: 42 } }))
    expect(() => store.read()).toThrow(expect.objectContaining({ code: 'ERR_STORE_CORRUPT' }))
  })
})

describe('store writes across processes', () => {
  it('never loses a concurrent change: 4 processes × 25 increments', async () => {
    const { spawn } = await import('node:child_process')
    const { writeFileSync: write } = await import('node:fs')
    // Each child opens the same store through the real adapter and increments a counter 25 times.
    // Inside the repository so the bundle resolves zod and conf from node_modules.
    const workDir = join(process.cwd(), '.tmp', `store-writers-${process.pid}`)
    const { mkdirSync } = await import('node:fs')
    mkdirSync(workDir, { recursive: true })
    const script = join(workDir, 'writer.mjs')
    const bundle = join(workDir, 'store-bundle.mjs')
    const { build } = await import('esbuild')
    await build({
      stdin: {
        contents: `import { openStore } from ${JSON.stringify(join(process.cwd(), 'electron/adapters/store.ts'))}
import { confBackend } from ${JSON.stringify(join(process.cwd(), 'electron/adapters/store-conf.ts'))}
export { openStore, confBackend }`,
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: bundle,
      logLevel: 'silent',
    })
    write(
      script,
      `import { openStore, confBackend } from ${JSON.stringify(bundle)}
const store = openStore({ dataDir: process.argv[2], createBackend: confBackend })
for (let i = 0; i < 25; i++) store.update((d) => ({ ...d, counter: (Number(d.counter) || 0) + 1 }))`,
    )
    open()
    const runs = Array.from(
      { length: 4 },
      () =>
        new Promise<number | null>((resolve) =>
          spawn(process.execPath, [script, dataDir], { stdio: 'inherit', cwd: process.cwd() }).on('close', resolve),
        ),
    )
    expect(await Promise.all(runs)).toEqual([0, 0, 0, 0])
    expect(JSON.parse(readFileSync(storeFile(), 'utf8')).counter).toBe(100)
    expect(readdirSync(dataDir).filter((f) => f.endsWith('.lock'))).toEqual([])
    rmSync(workDir, { recursive: true, force: true })
  }, 60_000)

  it('takes over a lock left by a process that died', () => {
    writeFileSync(`${storeFile()}.lock`, '999999999')
    const store = open()
    store.update((d) => ({ ...d, settings: { ...d.settings, theme: 'light' } }))
    expect(store.read().settings.theme).toBe('light')
  })
})
