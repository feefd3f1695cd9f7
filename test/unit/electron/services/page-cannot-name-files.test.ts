import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { FilePicker } from '#electron/services/file-picker'
import { checkPathShape } from '#electron/services/files/chosen-path'
import { keyTestContext, type KeyTestContext } from '../../../support/key-context'
import { memoryKeychain, type MemoryKeychain } from '../../../support/memory-keychain'

// A compromised page calls `dispatch` with whatever it likes. These tests are that page: raw paths,
// UNC and device paths, forged, replayed, expired and wrong-purpose handles. Each must be refused
// with nothing changed: no file written or read, the keychain and the store as they were.

const passphrase = 'velvet orbit mango tundra quill'
const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'signet-page-files-'))
  dirs.push(dir)
  return dir
}

/** main's dialogs, answering with whatever the test sets (as the user would choose in them) */
function scriptedPicker(): FilePicker & { save: string | null; open: string | null } {
  const picker = {
    save: null as string | null,
    open: null as string | null,
    saveBackup: async () => picker.save,
    openBackup: async () => picker.open,
    saveStatusList: async () => picker.save,
    savePublicKey: async () => picker.save,
  }
  return picker
}

interface World {
  t: KeyTestContext
  keychain: MemoryKeychain
  picker: ReturnType<typeof scriptedPicker>
  dir: string
}

async function world(): Promise<World> {
  const keychain = memoryKeychain()
  const picker = scriptedPicker()
  const t = keyTestContext({ keychain, files: picker })
  await t.call('sets:create', { name: 'prod' })
  await t.call('keys:generate', { set: 'prod', alg: 'ES256', kid: 'k1', activate: true })
  return { t, keychain, picker, dir: tempDir() }
}

function snapshot(w: World) {
  return {
    keychain: JSON.stringify([...w.keychain.entries]),
    store: JSON.stringify(w.t.context.store.read()),
    files: readdirSync(w.dir).sort(),
  }
}

async function handle(w: World, purpose: 'save' | 'open', path: string): Promise<string> {
  if (purpose === 'save') w.picker.save = path
  else w.picker.open = path
  const choice = await w.t.call(purpose === 'save' ? 'dialog:save-backup' : 'dialog:open-backup', undefined)
  expect(choice.path).toBe(path)
  return choice.handle!
}

const forged = 'A'.repeat(43)
const rawPaths = [
  '/tmp/exfil.signet-backup',
  '\\\\attacker.example\\share\\keys.signet-backup',
  '//attacker.example/share/keys.signet-backup',
  'C:\\Users\\ada\\x.signet-backup',
  '../../x.signet-backup',
]

/** one real backup of a world's keys, written through the front door, for the read-side tests */
let sourceBackup: string
let sourceWorld: World
beforeAll(async () => {
  sourceWorld = await world()
  sourceBackup = join(sourceWorld.dir, 'source.signet-backup')
  dirs.splice(0) // kept for the whole file; removed in afterAll
  const created = await sourceWorld.t.call('backup:create', {
    file: await handle(sourceWorld, 'save', sourceBackup),
    passphrase,
  })
  expect(created.path).toBe(sourceBackup)
}, 60_000)
afterAll(() => rmSync(sourceWorld.dir, { recursive: true, force: true }))

describe('backup:create: the page cannot choose where the private keys go', () => {
  it('refuses a raw path, a UNC path, a path under any field name: no file is written', async () => {
    const w = await world()
    const before = snapshot(w)
    for (const path of [...rawPaths, join(w.dir, 'x.signet-backup')]) {
      for (const input of [
        { file: path, passphrase },
        { path, passphrase },
        { file: forged, path, passphrase },
      ]) {
        const error = await w.t.failure('backup:create', input as never)
        expect(error.code, path).toBe('ERR_INVALID_ARGUMENT')
      }
    }
    expect(snapshot(w)).toEqual(before)
    expect(existsSync('/tmp/exfil.signet-backup')).toBe(false)
    expect((await w.t.context.audit.list({ actions: ['backup'] })).entries).toEqual([])
  })

  it('refuses a forged handle, a handle from the open dialog, an expired one and a replayed one', async () => {
    const w = await world()
    const before = snapshot(w)
    expect((await w.t.failure('backup:create', { file: forged, passphrase })).code).toBe('ERR_FILE_HANDLE_INVALID')

    // the open dialog chose an existing file: a page must not turn that into "write here"
    const existing = join(w.dir, 'existing.signet-backup')
    writeFileSync(existing, 'the user’s own file')
    const openHandle = await handle(w, 'open', existing)
    expect((await w.t.failure('backup:create', { file: openHandle, passphrase, overwrite: true })).code).toBe(
      'ERR_FILE_HANDLE_PURPOSE',
    )
    expect(readFileSync(existing, 'utf8')).toBe('the user’s own file')

    const late = await handle(w, 'save', join(w.dir, 'late.signet-backup'))
    w.t.clock.advance(5 * 60 + 1)
    expect((await w.t.failure('backup:create', { file: late, passphrase })).code).toBe('ERR_FILE_HANDLE_EXPIRED')
    expect((await w.t.failure('backup:create', { file: late, passphrase })).code).toBe('ERR_FILE_HANDLE_INVALID')
    expect(snapshot(w)).toEqual({ ...before, files: ['existing.signet-backup'] })

    const target = join(w.dir, 'once.signet-backup')
    const once = await handle(w, 'save', target)
    await w.t.call('backup:create', { file: once, passphrase })
    const written = readFileSync(target)
    const replay = await w.t.failure('backup:create', { file: once, passphrase, overwrite: true })
    expect(replay.code).toBe('ERR_FILE_HANDLE_INVALID')
    expect(readFileSync(target).equals(written)).toBe(true)
    expect((await w.t.context.audit.list({ actions: ['backup.create'] })).entries).toHaveLength(1)
  }, 60_000)

  it('a refused passphrase does not spend the choice; the write that succeeds does', async () => {
    const w = await world()
    const target = join(w.dir, 'retry.signet-backup')
    const chosen = await handle(w, 'save', target)
    expect((await w.t.failure('backup:create', { file: chosen, passphrase: 'password123' })).code).toBe(
      'ERR_BACKUP_WEAK_PASSPHRASE',
    )
    expect(existsSync(target)).toBe(false)
    await w.t.call('backup:create', { file: chosen, passphrase })
    expect(existsSync(target)).toBe(true)
  }, 60_000)
})

describe('dialog channels: even the dialog cannot hand main a network or device path', () => {
  const refused = [
    '\\\\attacker.example\\share\\keys.signet-backup',
    '//attacker.example/share/keys.signet-backup',
    '\\\\.\\pipe\\keys.signet-backup',
    '\\\\?\\C:\\keys.signet-backup',
    '\\\\?\\UNC\\attacker.example\\share\\keys.signet-backup',
    '/dev/stdout',
    '/dev/tcp/attacker.example/80',
    '/proc/self/fd/1',
    '/sys/kernel/x.signet-backup',
    'C:\\Users\\ada\\NUL.signet-backup',
    'relative.signet-backup',
  ]
  it.each(refused)('refuses %s for saving and for opening, issuing no handle', async (path) => {
    const w = await world()
    for (const purpose of ['save', 'open'] as const) {
      if (purpose === 'save') w.picker.save = path
      else w.picker.open = path
      const error = await w.t.failure(purpose === 'save' ? 'dialog:save-backup' : 'dialog:open-backup', undefined)
      expect(error.code).toBe('ERR_FILE_PATH_REFUSED')
      expect(error.message).toContain(path)
    }
  })

  it('refuses a chosen file that is a symlink to a device, or a directory', async () => {
    const w = await world()
    const link = join(w.dir, 'link.signet-backup')
    symlinkSync('/dev/null', link)
    w.picker.save = link
    expect((await w.t.failure('dialog:save-backup', undefined)).code).toBe('ERR_FILE_PATH_REFUSED')
    w.picker.open = link
    expect((await w.t.failure('dialog:open-backup', undefined)).code).toBe('ERR_FILE_PATH_REFUSED')
    w.picker.open = w.dir
    expect((await w.t.failure('dialog:open-backup', undefined)).code).toBe('ERR_FILE_PATH_REFUSED')
  })

  it('accepts local absolute paths (POSIX and Windows drive letters)', () => {
    for (const path of [
      '/home/ada/keys.signet-backup',
      'C:\\Users\\ada\\keys.signet-backup',
      'D:/backups/keys.signet-backup',
      '/home/ada/console.txt',
    ]) {
      expect(() => checkPathShape(path), path).not.toThrow()
    }
  })
})

describe('backup:inspect: the page cannot read a file of its choosing', () => {
  it('refuses raw paths, forged, save-dialog and expired handles', async () => {
    const w = await world()
    for (const path of [...rawPaths, sourceBackup, '/etc/passwd']) {
      expect((await w.t.failure('backup:inspect', { file: path })).code, path).toBe('ERR_INVALID_ARGUMENT')
      expect((await w.t.failure('backup:inspect', { path } as never)).code, path).toBe('ERR_INVALID_ARGUMENT')
    }
    expect((await w.t.failure('backup:inspect', { file: forged })).code).toBe('ERR_FILE_HANDLE_INVALID')
    const saveHandle = await handle(w, 'save', sourceBackup)
    expect((await w.t.failure('backup:inspect', { file: saveHandle })).code).toBe('ERR_FILE_HANDLE_PURPOSE')
    const openHandle = await handle(w, 'open', sourceBackup)
    expect((await w.t.call('backup:inspect', { file: openHandle })).summary).toMatchObject({ keys: 1 })
    w.t.clock.advance(5 * 60 + 1)
    expect((await w.t.failure('backup:inspect', { file: openHandle })).code).toBe('ERR_FILE_HANDLE_EXPIRED')
  })
})

describe('backup:restore: the page cannot restore a file of its choosing, nor overwrite a key unasked', () => {
  it('refuses raw paths, forged and save-dialog handles: keychain and store unchanged', async () => {
    const w = await world()
    const before = snapshot(w)
    for (const path of [...rawPaths, sourceBackup]) {
      expect((await w.t.failure('backup:restore', { file: path, passphrase })).code, path).toBe('ERR_INVALID_ARGUMENT')
      expect(
        (await w.t.failure('backup:restore', { path, passphrase, onConflict: 'overwrite' } as never)).code,
        path,
      ).toBe('ERR_INVALID_ARGUMENT')
    }
    expect((await w.t.failure('backup:restore', { file: forged, passphrase, onConflict: 'overwrite' })).code).toBe(
      'ERR_FILE_HANDLE_INVALID',
    )
    const saveHandle = await handle(w, 'save', sourceBackup)
    expect((await w.t.failure('backup:restore', { file: saveHandle, passphrase, onConflict: 'overwrite' })).code).toBe(
      'ERR_FILE_HANDLE_PURPOSE',
    )
    expect(snapshot(w)).toEqual(before)
    expect(w.t.asked).toEqual([])
  })

  it('overwriting a key here needs main’s own question; "no" (or a page flag) changes nothing', async () => {
    const w = await world() // holds its own, different "k1"
    const before = snapshot(w)
    const chosen = await handle(w, 'open', sourceBackup)
    expect(
      (
        await w.t.failure('backup:restore', {
          file: chosen,
          passphrase,
          onConflict: 'overwrite',
          confirmed: true,
        } as never)
      ).code,
    ).toBe('ERR_INVALID_ARGUMENT')

    const dry = await w.t.call('backup:restore', { file: chosen, passphrase, onConflict: 'overwrite', dryRun: true })
    expect(dry.keys[0]).toMatchObject({ kid: 'k1', outcome: 'overwritten', conflict: { kind: 'kid-taken' } })
    expect(w.t.asked).toEqual([]) // a dry run changes nothing, so nothing is asked

    w.t.answer = false
    const declined = await w.t.failure('backup:restore', { file: chosen, passphrase, onConflict: 'overwrite' })
    expect(declined.code).toBe('ERR_NOT_CONFIRMED')
    expect(w.t.asked).toHaveLength(1)
    expect(w.t.asked[0]).toMatchObject({ action: 'backup.restore', confirmLabel: 'Overwrite' })
    expect(w.t.asked[0]!.detail).toContain('"k1" (active) is replaced by a different key')
    expect(snapshot(w)).toEqual(before)

    w.t.answer = true
    const restored = await w.t.call('backup:restore', { file: chosen, passphrase, onConflict: 'overwrite' })
    expect(restored.counts.overwritten).toBe(1)
    expect(w.t.asked).toHaveLength(2)
    expect(snapshot(w).keychain).not.toBe(before.keychain)
    // spent: the same choice cannot restore again
    expect((await w.t.failure('backup:restore', { file: chosen, passphrase, onConflict: 'overwrite' })).code).toBe(
      'ERR_FILE_HANDLE_INVALID',
    )
  }, 60_000)

  it('restoring keys that conflict with none here asks nothing', async () => {
    const keychain = memoryKeychain()
    const picker = scriptedPicker()
    const t = keyTestContext({ keychain, files: picker })
    picker.open = sourceBackup
    const chosen = await t.call('dialog:open-backup', undefined)
    const restored = await t.call('backup:restore', { file: chosen.handle!, passphrase })
    expect(restored.counts.restored).toBe(1)
    expect(t.asked).toEqual([])
  }, 60_000)
})

describe('audit:export-file: the page cannot choose where the audit log is written', () => {
  it('refuses raw paths, forged, backup-dialog and replayed handles; writes only where the dialog chose', async () => {
    const w = await world()
    const picker = w.picker as ReturnType<typeof scriptedPicker> & { saveAuditExport?: FilePicker['saveAuditExport'] }
    for (const path of [...rawPaths, join(w.dir, 'x.csv')]) {
      expect((await w.t.failure('audit:export-file', { format: 'csv', file: path })).code, path).toBe(
        'ERR_INVALID_ARGUMENT',
      )
      expect((await w.t.failure('audit:export-file', { format: 'csv', path } as never)).code, path).toBe(
        'ERR_INVALID_ARGUMENT',
      )
    }
    expect((await w.t.failure('audit:export-file', { format: 'csv', file: forged })).code).toBe(
      'ERR_FILE_HANDLE_INVALID',
    )
    const backupHandle = await handle(w, 'save', join(w.dir, 'not-an-export.csv'))
    expect((await w.t.failure('audit:export-file', { format: 'csv', file: backupHandle })).code).toBe(
      'ERR_FILE_HANDLE_PURPOSE',
    )
    expect(readdirSync(w.dir)).toEqual([])

    // without the optional dialog method the channel says what to do instead
    expect((await w.t.failure('dialog:save-audit-export', { format: 'csv' })).code).toBe('ERR_USAGE')
    const target = join(w.dir, 'audit.csv')
    picker.saveAuditExport = async () => target
    const choice = await w.t.call('dialog:save-audit-export', { format: 'csv' })
    expect(choice.path).toBe(target)
    const written = await w.t.call('audit:export-file', { format: 'csv', file: choice.handle! })
    expect(written.path).toBe(target)
    expect(readFileSync(target, 'utf8')).toContain('key.generate')
    expect((await w.t.failure('audit:export-file', { format: 'jsonl', file: choice.handle! })).code).toBe(
      'ERR_FILE_HANDLE_INVALID',
    )
    expect(readdirSync(w.dir)).toEqual(['audit.csv'])
  })
})
