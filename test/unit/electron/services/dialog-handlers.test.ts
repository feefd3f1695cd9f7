import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Keychain } from '#electron/adapters/keychain'
import { confBackend } from '#electron/adapters/store-conf'
import { createContext } from '#electron/services/context'
import { dispatch } from '#electron/services/dispatch'
import type { FilePicker } from '#electron/services/file-picker'
import { createHandlers } from '#electron/services/handlers'

// The dialog channels never take a path from the page: main's picker chooses it. The picker is a
// port (Electron's dialog in the app); these tests give it a recording stand-in.
const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function handlersWith(files?: FilePicker) {
  const dataDir = mkdtempSync(join(tmpdir(), 'signet-dialog-'))
  dirs.push(dataDir)
  const unusedKeychain = {} as Keychain
  const context = createContext({
    dataDir,
    version: '0.0.0-test',
    storeBackend: confBackend,
    keychain: unusedKeychain,
    now: () => new Date('2026-11-22T10:00:00Z'),
    ...(files ? { files } : {}),
  })
  return createHandlers(context)
}

describe('dialog channels', () => {
  it('ask the picker, suggesting a dated name, and return a one-time handle for its choice (the path for display), or nulls', async () => {
    const asked: string[] = []
    const handlers = handlersWith({
      saveBackup: async (name) => (asked.push(name), `/home/ada/${name}.signet-backup`),
      openBackup: async () => null,
      saveStatusList: async (name) => (asked.push(name), `/home/ada/${name}.statuslist.jwt`),
      savePublicKey: async (name) => (asked.push(name), `/home/ada/${name}`),
    })
    const handle = expect.stringMatching(/^[A-Za-z0-9_-]{43}$/)
    const first = await dispatch(handlers, 'dialog:save-backup', undefined)
    expect(first).toEqual({ ok: true, value: { handle, path: '/home/ada/signet-2026-11-22.signet-backup' } })
    const second = await dispatch(handlers, 'dialog:save-backup', { suggestedName: 'prod-keys' })
    expect(second).toEqual({ ok: true, value: { handle, path: '/home/ada/prod-keys.signet-backup' } })
    expect((first as { value: { handle: string } }).value.handle).not.toBe(
      (second as { value: { handle: string } }).value.handle,
    )
    expect(asked).toEqual(['signet-2026-11-22', 'prod-keys'])
    expect(await dispatch(handlers, 'dialog:open-backup', undefined)).toEqual({
      ok: true,
      value: { handle: null, path: null },
    })
    const list = await dispatch(handlers, 'dialog:save-status-list', { suggestedName: 'revoked' })
    expect(list).toEqual({ ok: true, value: { handle, path: '/home/ada/revoked.statuslist.jwt' } })
    expect(asked).toEqual(['signet-2026-11-22', 'prod-keys', 'revoked'])
    // The handle is bound to its purpose: it cannot stand for a backup file.
    const listHandle = (list as { value: { handle: string } }).value.handle
    expect(
      await dispatch(handlers, 'backup:create', { file: listHandle, passphrase: 'correct horse battery staple' }),
    ).toMatchObject({ ok: false, error: { code: 'ERR_FILE_HANDLE_PURPOSE' } })
  })

  it('refuse a path supplied by the page', async () => {
    const handlers = handlersWith({
      saveBackup: async () => null,
      openBackup: async () => null,
      saveStatusList: async () => null,
      savePublicKey: async () => null,
    })
    expect(await dispatch(handlers, 'dialog:save-backup', { path: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'ERR_INVALID_ARGUMENT' },
    })
  })

  it('say clearly that dialogs exist only in the app', async () => {
    const result = await dispatch(handlersWith(), 'dialog:open-backup', undefined)
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'ERR_USAGE', message: expect.stringMatching(/only available in the Signet app/) },
    })
  })
})
