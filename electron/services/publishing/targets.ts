import { randomUUID } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { isAbsolute } from 'node:path'
import { SignetError } from '#shared/errors'
import {
  publishTargetConfigSchema,
  targetNamePattern,
  type PublishTarget,
  type PublishTargetConfig,
} from '#shared/publishing/targets'
import type { Warning } from '#shared/managed-keys/types'
import type { TargetInfo } from '#shared/publishing/results'
import { withKeyLock } from '../managed-keys/lock'
import { audit, requireSet, type KeyContext } from '../managed-keys/repository'
import { readGitTarget } from './target-git'

export type { TargetInfo } from '#shared/publishing/results'

/**
 * Adds a publish target to a set. The folder or repository must exist now (a typo should fail
 * here, not at the first publish); nothing is written to it until `publish`.
 *
 * @throws SignetError ERR_PUBLISH_TARGET_EXISTS (name taken in the set), ERR_PUBLISH_TARGET_INVALID
 *   (bad name, relative path, missing folder, not a git repository), ERR_SET_NOT_FOUND
 */
export async function addTarget(
  context: KeyContext,
  input: { set: string; name: string; config: unknown },
): Promise<TargetInfo> {
  if (!targetNamePattern.test(input.name))
    throw new SignetError(
      'ERR_PUBLISH_TARGET_INVALID',
      `"${input.name}" is not a usable target name: use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit.`,
    )
  const parsed = publishTargetConfigSchema.safeParse(input.config)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new SignetError(
      'ERR_PUBLISH_TARGET_INVALID',
      `The target's ${issue?.path.join('.') || 'settings'} ${issue?.message ?? 'is invalid'}.`,
    )
  }
  const config = parsed.data
  await checkReachable(config)
  const target = await withKeyLock(
    context.dataDir,
    { operation: 'jwks.target-add', doing: `adding publish target ${input.name}` },
    async () => {
      const data = context.store.read()
      const set = requireSet(data, input.set)
      if (data.publishTargets.some((t) => t.setId === set.id && t.name === input.name)) {
        throw new SignetError(
          'ERR_PUBLISH_TARGET_EXISTS',
          `Set "${set.name}" already has a publish target named "${input.name}". Remove it first, or choose another name.`,
        )
      }
      const created: PublishTarget = {
        id: randomUUID(),
        setId: set.id,
        name: input.name,
        createdAt: context.now().toISOString(),
        config,
        firstPublished: {},
        lastPublish: null,
      }
      context.store.update((current) => ({ ...current, publishTargets: [...current.publishTargets, created] }))
      return { ...created, setName: set.name }
    },
  )
  const warnings: Warning[] = []
  await audit(
    context,
    {
      action: 'jwks.target-add',
      subject: { set: target.setName },
      details: { target: target.name, kind: config.kind, where: where(config) },
    },
    warnings,
  )
  return target
}

export function listTargets(
  context: Pick<KeyContext, 'store'>,
  input: { set?: string | undefined } = {},
): TargetInfo[] {
  const data = context.store.read()
  const set = input.set === undefined ? null : requireSet(data, input.set)
  const names = new Map(data.keySets.map((s) => [s.id, s.name]))
  return data.publishTargets
    .filter((t) => !set || t.setId === set.id)
    .map((t) => ({ ...t, setName: names.get(t.setId) ?? '(deleted set)' }))
}

/** Forgets a target (nothing on the target is touched). @throws ERR_PUBLISH_TARGET_NOT_FOUND */
export async function removeTarget(context: KeyContext, input: { set: string; name: string }): Promise<TargetInfo> {
  const removed = await withKeyLock(
    context.dataDir,
    { operation: 'jwks.target-remove', doing: `removing publish target ${input.name}` },
    async () => {
      const data = context.store.read()
      const set = requireSet(data, input.set)
      const target = requireTarget(data.publishTargets, set, input.name)
      context.store.update((current) => ({
        ...current,
        publishTargets: current.publishTargets.filter((t) => t.id !== target.id),
      }))
      return { ...target, setName: set.name }
    },
  )
  await audit(
    context,
    {
      action: 'jwks.target-remove',
      subject: { set: removed.setName },
      details: { target: removed.name, kind: removed.config.kind },
    },
    [],
  )
  return removed
}

export function requireTarget(
  targets: readonly PublishTarget[],
  set: { id: string; name: string },
  name: string,
): PublishTarget {
  const own = targets.filter((t) => t.setId === set.id)
  const target = own.find((t) => t.name === name)
  if (target) return target
  throw new SignetError(
    'ERR_PUBLISH_TARGET_NOT_FOUND',
    own.length
      ? `Set "${set.name}" has no publish target "${name}". Targets: ${own.map((t) => t.name).join(', ')}.`
      : `Set "${set.name}" has no publish targets. Add one with "signet jwks targets add --set ${set.name} --name <name> --dir <folder>".`,
  )
}

/** One line naming where a target publishes (for audit entries and lists). */
export function where(config: PublishTargetConfig): string {
  switch (config.kind) {
    case 'dir':
      return `${config.root}/${config.jwksPath}`
    case 'git':
      return `${config.repo} ${config.branch}:${config.path}`
    case 'command':
      return config.command.slice(0, 200)
  }
}

async function checkReachable(config: PublishTargetConfig): Promise<void> {
  if (config.kind === 'command') return
  const path = config.kind === 'dir' ? config.root : config.repo
  if (!isAbsolute(path)) throw new SignetError('ERR_PUBLISH_TARGET_INVALID', `"${path}" must be an absolute path.`)
  const info = await stat(path).catch(() => null)
  if (!info?.isDirectory())
    throw new SignetError('ERR_PUBLISH_TARGET_INVALID', `${path} is not an existing folder. Create it first.`, {
      segment: path,
    })
  // Reading the git target proves it is a repository Signet can use (and the branch name is sane).
  if (config.kind === 'git') await readGitTarget(config)
}
