import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { FilePicker } from '#electron/services/file-picker'
import { keyTestContext, type KeyTestContext } from '../../../support/key-context'

// A `command` publish target runs a shell command on every publish: for a compromised page, adding
// one is code execution. These tests are that page. Whatever flags it sends, the target is stored
// only after main's own question (showing the exact command) was answered yes; and a `dir`/`git`
// target's folder is only ever a handle from main's folder dialog, never a path the page names.

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'signet-page-targets-'))
  dirs.push(dir)
  return dir
}

async function world(picker?: FilePicker): Promise<KeyTestContext> {
  const t = keyTestContext(picker ? { files: picker } : {})
  await t.call('sets:create', { name: 'prod' })
  await t.call('keys:generate', { set: 'prod', alg: 'ES256', kid: 'k1', activate: true })
  t.asked.splice(0)
  return t
}

const marker = () => join(tempDir(), 'pwned')

describe('jwks:add-target kind "command": the page alone cannot add one', () => {
  it('"no" to main\'s question, or any flag the page adds, stores nothing and runs nothing', async () => {
    const t = await world()
    const file = marker()
    const command = `touch ${file}`
    const before = JSON.stringify(t.context.store.read())
    t.answer = false
    expect((await t.failure('jwks:add-target', { set: 'prod', name: 'evil', kind: 'command', command })).code).toBe(
      'ERR_NOT_CONFIRMED',
    )
    for (const flag of [{ confirmed: true }, { force: true, reason: 'the page says so' }, { yes: true }]) {
      expect(
        (await t.failure('jwks:add-target', { set: 'prod', name: 'evil', kind: 'command', command, ...flag } as never))
          .code,
      ).toBe('ERR_INVALID_ARGUMENT')
    }
    expect(t.asked).toHaveLength(1)
    expect(t.asked[0]!.action).toBe('jwks.target-add')
    // the exact command (and read command) is what main shows
    expect(t.asked[0]!.detail).toContain(`Command: ${command}`)
    expect(t.asked[0]!.detail).toContain('Read command: (none)')
    expect(JSON.stringify(t.context.store.read())).toBe(before)
    expect((await t.context.audit.list({ actions: ['jwks'] })).entries).toEqual([])
    expect((await t.failure('jwks:publish', { set: 'prod' })).code).toBe('ERR_PUBLISH_TARGET_NOT_FOUND')
    expect(existsSync(file)).toBe(false)
  })

  it('"yes" stores exactly the command shown; it runs on the next publish', async () => {
    const t = await world()
    const file = marker()
    t.answer = true
    const target = await t.call('jwks:add-target', {
      set: 'prod',
      name: 'hook',
      kind: 'command',
      command: `cat > ${file}`,
      readCommand: `cat ${file} 2>/dev/null || printf '{"keys":[]}'`,
    })
    expect(target.config).toMatchObject({ kind: 'command', command: `cat > ${file}` })
    expect(t.asked[0]!.detail).toBe(
      `Command: cat > ${file}\nRead command: ${target.config.kind === 'command' ? target.config.readCommand : ''}`,
    )
    const published = await t.call('jwks:publish', { set: 'prod' })
    expect(published.targets[0]!.command?.exitCode).toBe(0)
    expect(existsSync(file)).toBe(true)
  })

  it('asks nothing for an add refused anyway (unknown set, name taken, bad command)', async () => {
    const t = await world()
    expect(
      (await t.failure('jwks:add-target', { set: 'nope', name: 'x', kind: 'command', command: 'true' })).code,
    ).toBe('ERR_SET_NOT_FOUND')
    expect(
      (await t.failure('jwks:add-target', { set: 'prod', name: 'x', kind: 'command', command: 'true\nrm -rf ~' })).code,
    ).toBe('ERR_INVALID_ARGUMENT')
    await t.call('jwks:add-target', { set: 'prod', name: 'x', kind: 'command', command: 'true' })
    t.asked.splice(0)
    expect(
      (await t.failure('jwks:add-target', { set: 'prod', name: 'x', kind: 'command', command: 'true' })).code,
    ).toBe('ERR_PUBLISH_TARGET_EXISTS')
    expect(t.asked).toEqual([])
  })

  it('without a confirmation port (no native dialog), a command target is refused', async () => {
    const t = await world()
    Object.assign(t.context, { confirm: undefined })
    const { createHandlers } = await import('#electron/services/handlers')
    const { dispatch } = await import('#electron/services/dispatch')
    const outcome = await dispatch(createHandlers(t.context), 'jwks:add-target', {
      set: 'prod',
      name: 'hook',
      kind: 'command',
      command: 'true',
    })
    expect(outcome).toMatchObject({ ok: false, error: { code: 'ERR_NOT_CONFIRMED' } })
    expect(t.context.store.read().publishTargets).toEqual([])
  })
})

describe('jwks:add-target kind "dir"/"git": the page never names a folder', () => {
  it("a path, a forged handle or a handle for another purpose is refused; the dialog's handle works once", async () => {
    const site = tempDir()
    const t = await world({
      saveBackup: async () => join(site, 'x.signet-backup'),
      openBackup: async () => null,
      saveStatusList: async () => null,
      chooseFolder: async () => site,
    })
    expect((await t.failure('jwks:add-target', { set: 'prod', name: 'site', kind: 'dir', folder: site })).code).toBe(
      'ERR_INVALID_ARGUMENT',
    )
    expect(
      (await t.failure('jwks:add-target', { set: 'prod', name: 'site', kind: 'dir', root: site } as never)).code,
    ).toBe('ERR_INVALID_ARGUMENT')
    expect(
      (await t.failure('jwks:add-target', { set: 'prod', name: 'site', kind: 'dir', folder: 'A'.repeat(43) })).code,
    ).toBe('ERR_FILE_HANDLE_INVALID')
    const backupHandle = (await t.call('dialog:save-backup', undefined)).handle!
    expect(
      (await t.failure('jwks:add-target', { set: 'prod', name: 'site', kind: 'dir', folder: backupHandle })).code,
    ).toBe('ERR_FILE_HANDLE_PURPOSE')
    expect(t.context.store.read().publishTargets).toEqual([])

    const choice = await t.call('dialog:choose-publish-folder', { kind: 'dir' })
    expect(choice.path).toBe(site)
    const target = await t.call('jwks:add-target', {
      set: 'prod',
      name: 'site',
      kind: 'dir',
      folder: choice.handle!,
      openidConfiguration: true,
    })
    expect(target.config).toMatchObject({
      kind: 'dir',
      root: site,
      jwksPath: '.well-known/jwks.json',
      openidConfiguration: true,
    })
    // spent: replaying it adds nothing
    expect(
      (await t.failure('jwks:add-target', { set: 'prod', name: 'site2', kind: 'dir', folder: choice.handle! })).code,
    ).toBe('ERR_FILE_HANDLE_INVALID')
    expect(t.asked).toEqual([])
  })

  it('even the dialog cannot hand main a device path or a file for a folder', async () => {
    const dir = tempDir()
    let chosen = '/dev/shm'
    const t = await world({
      saveBackup: async () => null,
      openBackup: async () => null,
      saveStatusList: async () => null,
      chooseFolder: async () => chosen,
    })
    expect((await t.failure('dialog:choose-publish-folder', { kind: 'dir' })).code).toBe('ERR_FILE_PATH_REFUSED')
    const { writeFileSync } = await import('node:fs')
    chosen = join(dir, 'a-file')
    writeFileSync(chosen, 'x')
    expect((await t.failure('dialog:choose-publish-folder', { kind: 'git' })).code).toBe('ERR_FILE_PATH_REFUSED')
  })
})
