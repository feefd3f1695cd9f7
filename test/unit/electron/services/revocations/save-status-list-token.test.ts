import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { decodeProtectedHeader, decodeJwt } from 'jose'
import type { FilePicker } from '#electron/services/file-picker'
import { decodeStatusList } from '#shared/status-list/decode'
import { keyTestContext } from '../../../../support/key-context'

/**
 * Sign and export from the page: main's own save dialog chooses the file (a one-time handle bound
 * to "save-status-list"), main signs and writes; the page never names a path.
 */

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function world() {
  const dir = mkdtempSync(join(tmpdir(), 'signet-sl-save-'))
  dirs.push(dir)
  const picker: FilePicker & { chosen: string | null } = {
    chosen: join(dir, 'revoked.statuslist.jwt'),
    saveBackup: async () => join(dir, 'x.signet-backup'),
    openBackup: async () => null,
    saveStatusList: async () => picker.chosen,
    savePublicKey: async () => null,
  }
  const t = keyTestContext({ files: picker })
  dirs.push(t.dataDir)
  return { t, picker, dir }
}

async function seeded() {
  const w = world()
  await w.t.call('sets:create', { name: 'payments' })
  await w.t.call('keys:generate', { set: 'payments', alg: 'ES256', kid: 'pay-es256', activate: true })
  await w.t.call('status-list:create', {
    name: 'revoked',
    set: 'payments',
    uri: 'https://example.com/status/1',
    size: 1024,
    bits: 2,
  })
  return w
}

describe('status-list:export-file', () => {
  it('writes exactly the signed token (and a newline) to the file main chose, and spends the handle', async () => {
    const { t, picker } = await seeded()
    const { idx } = await t.call('status-list:allocate', { name: 'revoked', jti: 'j1', sub: 'alice', exp: null })
    await t.call('status-list:set', { name: 'revoked', indexes: [idx], status: 2, reason: 'on leave' })
    const choice = await t.call('dialog:save-status-list', { suggestedName: 'revoked' })
    expect(choice.path).toBe(picker.chosen)
    const saved = await t.call('status-list:export-file', { name: 'revoked', file: choice.handle! })
    expect(readFileSync(picker.chosen!, 'utf8')).toBe(`${saved.token}\n`)
    expect(saved).toMatchObject({
      path: picker.chosen,
      bytes: saved.token.length + 1,
      kid: 'pay-es256',
      diff: [{ idx, from: 0, to: 2 }],
    })
    expect(decodeProtectedHeader(saved.token)).toMatchObject({ typ: 'statuslist+jwt', kid: 'pay-es256' })
    const claims = decodeJwt(saved.token) as { status_list: { bits: number; lst: string } }
    expect(decodeStatusList(claims.status_list, { size: 1024 }).packed.get(idx)).toBe(2)
    // Spent: the same handle cannot write again.
    expect((await t.failure('status-list:export-file', { name: 'revoked', file: choice.handle! })).code).toBe(
      'ERR_FILE_HANDLE_INVALID',
    )
    expect((await t.call('status-list:diff', { name: 'revoked' })).diff).toEqual([])
  })

  it('refuses a page-named path, a forged handle and a backup handle, writing nothing and signing nothing', async () => {
    const { t } = await seeded()
    expect((await t.failure('status-list:export-file', { name: 'revoked', file: '/etc/passwd' } as never)).code).toBe(
      'ERR_INVALID_ARGUMENT',
    )
    expect((await t.failure('status-list:export-file', { name: 'revoked', file: 'A'.repeat(43) })).code).toBe(
      'ERR_FILE_HANDLE_INVALID',
    )
    const backup = await t.call('dialog:save-backup', undefined)
    expect((await t.failure('status-list:export-file', { name: 'revoked', file: backup.handle! })).code).toBe(
      'ERR_FILE_HANDLE_PURPOSE',
    )
    const lists = await t.call('status-list:list', { set: 'payments' })
    expect(lists.lists[0]!.lastExportAt).toBeNull()
  })

  it('answers nulls when the user cancels the dialog', async () => {
    const { t, picker } = await seeded()
    picker.chosen = null
    expect(await t.call('dialog:save-status-list', undefined)).toEqual({ handle: null, path: null })
  })
})

describe('status-list:contents', () => {
  it('gives this machine’s window the compressed statuses and every local note', async () => {
    const { t } = await seeded()
    const { idx } = await t.call('status-list:allocate', { name: 'revoked', jti: 'j1', sub: 'alice', exp: null })
    await t.call('status-list:set', { name: 'revoked', indexes: [idx], status: 1, reason: 'lost' })
    const contents = await t.call('status-list:contents', { name: 'revoked' })
    expect(contents.list).toMatchObject({ name: 'revoked', size: 1024, allocated: 1, counts: { '0': 1023, '1': 1 } })
    expect(contents.notes[String(idx)]).toMatchObject({ jti: 'j1', sub: 'alice', reason: 'lost' })
    expect(decodeStatusList({ bits: 2, lst: contents.lst }, { size: 1024 }).packed.get(idx)).toBe(1)
    expect((await t.failure('status-list:contents', { name: 'nope' })).code).toBe('ERR_STATUS_LIST_NOT_FOUND')
  })
})
