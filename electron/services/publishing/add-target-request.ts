import type { JwksAddTargetInput } from '#shared/contract/publishing'
import { SignetError } from '#shared/errors'
import type { TargetInfo } from '#shared/publishing/results'
import { publishTargetConfigSchema, type PublishTargetConfig } from '#shared/publishing/targets'
import { requireConfirmation } from '../confirm'
import type { ServiceContext } from '../context'
import { requireSet } from '../managed-keys/repository'
import { addTarget } from './targets'

/**
 * jwks:add-target, as the page (or the CLI through the same channel) asks for it. A `dir` or `git`
 * target's folder arrives as the one-time handle main's folder dialog issued (purpose
 * "publish-folder"), never as a path, and the handle is spent by the add. A `command` target runs a
 * shell command on every publish: storing one is code execution, so main asks the user itself
 * (confirm.ts), showing the exact command and read command; no flag the page sends replaces that.
 * The CLI's confirmation is the command the user typed (argvConfirms).
 *
 * @throws SignetError ERR_NOT_CONFIRMED (the user said no: nothing stored), ERR_FILE_HANDLE_* (a
 *   handle that is not a live publish-folder handle), ERR_FILE_PATH_REFUSED, and addTarget's errors
 *   (ERR_PUBLISH_TARGET_EXISTS, ERR_PUBLISH_TARGET_INVALID, ERR_SET_NOT_FOUND)
 */
export async function addTargetFromRequest(context: ServiceContext, input: JwksAddTargetInput): Promise<TargetInfo> {
  if (input.kind === 'command') {
    const config = checkedConfig({
      kind: 'command',
      command: input.command,
      readCommand: input.readCommand ?? null,
      ...(input.timeoutSeconds ? { timeoutSeconds: input.timeoutSeconds } : {}),
    })
    // Refusals that need no question come first: a missing set or a taken name asks nothing.
    const set = requireSet(context.store.read(), input.set)
    if (context.store.read().publishTargets.some((t) => t.setId === set.id && t.name === input.name)) {
      throw new SignetError(
        'ERR_PUBLISH_TARGET_EXISTS',
        `Set "${set.name}" already has a publish target named "${input.name}". Remove it first, or choose another name.`,
      )
    }
    await requireConfirmation(context.confirm, {
      action: 'jwks.target-add',
      title: 'Run a command on every publish?',
      message: `Publish target "${input.name}" of set "${set.name}" runs this shell command with your user's rights every time the set's JWKS is published${input.readCommand ? ', and the read command whenever Signet checks what is published' : ''}. Allow it only if you typed it yourself.`,
      detail: `Command: ${input.command}\nRead command: ${input.readCommand ?? '(none)'}`,
      confirmLabel: 'Allow this command',
    })
    return addTarget(context, { set: input.set, name: input.name, config })
  }
  return context.fileHandles.redeem(
    input.folder,
    'publish-folder',
    async (path) => {
      const config: PublishTargetConfig =
        input.kind === 'dir'
          ? checkedConfig({
              kind: 'dir',
              root: path,
              ...(input.jwksPath ? { jwksPath: input.jwksPath } : {}),
              openidConfiguration: input.openidConfiguration === true,
            })
          : checkedConfig({
              kind: 'git',
              repo: path,
              ...(input.branch ? { branch: input.branch } : {}),
              ...(input.path ? { path: input.path } : {}),
            })
      return addTarget(context, { set: input.set, name: input.name, config })
    },
    { spend: true },
  )
}

function checkedConfig(config: unknown): PublishTargetConfig {
  const parsed = publishTargetConfigSchema.safeParse(config)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new SignetError(
      'ERR_PUBLISH_TARGET_INVALID',
      `The target's ${issue?.path.join('.') || 'settings'} ${issue?.message ?? 'is invalid'}.`,
    )
  }
  return parsed.data
}
