import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { PublishProgress } from '#shared/publishing/results'
import { keyTestContext, type KeyTestContext } from '../../../../support/key-context'

// jwks:publish reports each target as it goes (jwks:publish-progressed), through the very dispatch
// path IPC uses, on real folders and a real shell command: started, then published with the same
// result the call returns, or failed, after which the rest are skipped.

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

async function world(command: string): Promise<{ t: KeyTestContext; progress: PublishProgress[] }> {
  const folders = [mkdtempSync(join(tmpdir(), 'signet-progress-a-')), mkdtempSync(join(tmpdir(), 'signet-progress-b-'))]
  dirs.push(...folders)
  let next = 0
  const t = keyTestContext({
    files: {
      saveBackup: async () => null,
      openBackup: async () => null,
      saveStatusList: async () => null,
      chooseFolder: async () => folders[next++]!,
    },
  })
  dirs.push(t.dataDir)
  await t.call('sets:create', { name: 'prod', issuer: 'https://auth.example.com', maxTokenLifetime: '1h' })
  await t.call('keys:generate', { set: 'prod', alg: 'ES256', kid: 'k1', activate: true })
  const folder = async () => (await t.call('dialog:choose-publish-folder', { kind: 'dir' })).handle!
  await t.call('jwks:add-target', { set: 'prod', name: 'site', kind: 'dir', folder: await folder() })
  await t.call('jwks:add-target', { set: 'prod', name: 'bucket', kind: 'command', command })
  await t.call('jwks:add-target', { set: 'prod', name: 'mirror', kind: 'dir', folder: await folder() })
  const progress: PublishProgress[] = []
  t.context.events.on('jwks:publish-progressed', (event) => progress.push(event))
  return { t, progress }
}

const at = (target: string, index: number) => ({ set: 'prod', target, index, total: 3 })

describe('jwks:publish-progressed', () => {
  it('announces each target as it starts and as it is published, with the result the call returns', async () => {
    const { t, progress } = await world('cat > /dev/null')
    const result = await t.call('jwks:publish', { set: 'prod' })
    expect(progress).toEqual([
      { ...at('site', 0), kind: 'dir', status: 'started' },
      { ...at('site', 0), kind: 'dir', status: 'published', result: result.targets[0] },
      { ...at('bucket', 1), kind: 'command', status: 'started' },
      { ...at('bucket', 1), kind: 'command', status: 'published', result: result.targets[1] },
      { ...at('mirror', 2), kind: 'dir', status: 'started' },
      { ...at('mirror', 2), kind: 'dir', status: 'published', result: result.targets[2] },
    ])
  })

  it('reports a failing target with its error, and the targets after it as skipped', async () => {
    const { t, progress } = await world('echo "AccessDenied" >&2; exit 3')
    const failure = await t.failure('jwks:publish', { set: 'prod' })
    expect(failure.code).toBe('ERR_PUBLISH_COMMAND_FAILED')
    expect(progress.map((p) => [p.target, p.status])).toEqual([
      ['site', 'started'],
      ['site', 'published'],
      ['bucket', 'started'],
      ['bucket', 'failed'],
      ['mirror', 'skipped'],
    ])
    expect(progress[3]).toMatchObject({
      status: 'failed',
      error: { code: 'ERR_PUBLISH_COMMAND_FAILED', message: failure.message },
    })
  })

  it('sends nothing for a publish its plan refuses: no target is touched', async () => {
    const { t, progress } = await world('cat > /dev/null')
    await t.call('jwks:publish', { set: 'prod' })
    progress.length = 0
    await t.call('keys:generate', { set: 'prod', alg: 'ES256', kid: 'k2' })
    await t.call('jwks:publish', { set: 'prod' })
    t.clock.advance(16 * 60)
    await t.call('keys:activate', { kid: 'k2' })
    await t.call('keys:unpublish', { kid: 'k1', force: true, reason: 'leaving early on purpose' })
    progress.length = 0
    expect((await t.failure('jwks:publish', { set: 'prod' })).code).toBe('ERR_PUBLISH_REFUSED')
    expect(progress).toEqual([])
  })
})
