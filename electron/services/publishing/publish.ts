import { createHash } from 'node:crypto'
import { SignetError, toSerializedError } from '#shared/errors'
import { lintJwks } from '#shared/jwks/lint'
import { minimumReasonLength } from '#shared/managed-keys/model'
import type { Warning } from '#shared/managed-keys/types'
import type { PublishTarget } from '#shared/publishing/targets'
import { withKeyLock } from '../managed-keys/lock'
import { audit, requireSet, type KeyContext } from '../managed-keys/repository'
import { planTarget, selectTargets } from './plan'
import type { PublishResult, TargetPlan, TargetPublishResult } from '#shared/publishing/results'
import { readPublishedJwks } from './published-jwks'
import { readTarget, writeTarget } from './target-io'

export interface PublishInput {
  set: string
  target?: string | undefined
  /** override forceable refusals (early removals, unknown kids, unreadable content); needs `reason` */
  force?: boolean | undefined
  reason?: string | undefined
}

export type { PublishResult, TargetPublishResult } from '#shared/publishing/results'

/**
 * Publishes a set's JWKS to its targets, inside the key manager's lock so no key can change
 * between the plan and the write. Every target is planned first; if any refusal stands, nothing is
 * written anywhere. Then each target in turn is written, read back and compared byte for byte (a
 * jwks:publish-progressed event as each starts and ends: shared/publishing/results.ts PublishProgress), its
 * first-published times are updated (new kids now, removed kids dropped) and an audit entry records
 * the target, the SHA-256 of the bytes and the kids added and removed.
 *
 * @throws SignetError ERR_PUBLISH_REFUSED (a refusal not overridden, or one force cannot override),
 *   ERR_PUBLISH_REASON_REQUIRED (force without a written reason), ERR_PUBLISH_READ_BACK_MISMATCH,
 *   and the targets' own errors (ERR_PUBLISH_DIRTY_TREE, ERR_PUBLISH_GIT_FAILED, ERR_PUBLISH_COMMAND_*)
 */
export async function publishSet(context: KeyContext, input: PublishInput): Promise<PublishResult> {
  const reason = input.reason?.trim() || undefined
  if (input.force && (!reason || reason.length < minimumReasonLength)) {
    throw new SignetError(
      'ERR_PUBLISH_REASON_REQUIRED',
      `--force needs a written reason (--reason, at least ${minimumReasonLength} characters): it is recorded in the audit log with what was overridden.`,
    )
  }
  const done: TargetPublishResult[] = []
  const warnings: Warning[] = []
  let failure: unknown = null
  let setName = input.set
  await withKeyLock(
    context.dataDir,
    { operation: 'jwks.publish', doing: `publishing the JWKS of set ${input.set}` },
    async () => {
      const data = context.store.read()
      setName = requireSet(data, input.set).name
      const targets = selectTargets(data, input)
      const published = readPublishedJwks(context.store, input.set)
      const findings = (await lintJwks(published.bytes.toString('utf8'))).findings
      const now = context.now()
      const plans: [PublishTarget, TargetPlan][] = []
      for (const target of targets) plans.push([target, await planTarget(data, target, published, findings, now)])
      const standing = plans.flatMap(([, plan]) =>
        plan.refusals.filter((r) => !r.forceable || !input.force).map((r) => ({ ...r, target: plan.target })),
      )
      if (standing.length) {
        const first = standing[0]!
        const forceable = standing.every((r) => r.forceable)
        throw new SignetError(
          'ERR_PUBLISH_REFUSED',
          `Nothing was published: ${standing.length} change${standing.length === 1 ? ' is' : 's are'} refused. On "${first.target}": ${first.message}${standing.length > 1 ? ' (run "signet jwks plan" for the rest)' : ''}${forceable ? ' Override with --force --reason "<why>" only if you accept that.' : ' This cannot be forced.'}`,
        )
      }
      for (const [index, [target, plan]] of plans.entries()) {
        const progress = { set: setName, target: target.name, kind: target.config.kind, index, total: plans.length }
        if (failure) {
          context.events.emit('jwks:publish-progressed', { ...progress, status: 'skipped' })
          continue
        }
        context.events.emit('jwks:publish-progressed', { ...progress, status: 'started' })
        try {
          const result = await publishOne(context, target, plan, published.bytes, {
            issuer: published.issuer,
            setName,
            now,
            reason,
            force: !!input.force,
          })
          done.push(result)
          context.events.emit('jwks:publish-progressed', { ...progress, status: 'published', result })
        } catch (error) {
          failure = error
          context.events.emit('jwks:publish-progressed', {
            ...progress,
            status: 'failed',
            error: toSerializedError(error),
          })
        }
      }
    },
  )
  for (const result of done) {
    await audit(
      context,
      {
        action: 'jwks.publish',
        subject: { set: setName },
        details: {
          target: result.target,
          kind: result.kind,
          sha256: result.sha256,
          added: result.added.join(',').slice(0, 1000),
          removed: result.removed.join(',').slice(0, 1000),
          upToDate: result.upToDate,
          forced: result.forced,
          reason: result.forced ? (reason ?? null) : null,
          overridden: result.overridden
            .map((r) => `${r.kind}:${r.kid ?? '-'}`)
            .join(',')
            .slice(0, 1000),
          commit: result.commit,
          exitCode: result.command?.exitCode ?? null,
        },
      },
      warnings,
    )
  }
  if (failure) throw failure
  return { set: setName, targets: done, warnings }
}

async function publishOne(
  context: KeyContext,
  target: PublishTarget,
  plan: TargetPlan,
  bytes: Buffer,
  options: { issuer: string | null; setName: string; now: Date; reason: string | undefined; force: boolean },
): Promise<TargetPublishResult> {
  const added = plan.diff.added.map((k) => k.kid ?? k.thumbprint)
  const removed = plan.diff.removed.map((k) => k.kid ?? k.thumbprint)
  let commit: string | null = null
  let command: TargetPublishResult['command'] = null
  // A target already holding these bytes is not rewritten (no empty git commit, no needless upload),
  // except an openid-configuration target, whose discovery document may still be missing.
  const write = !plan.upToDate || (target.config.kind === 'dir' && target.config.openidConfiguration)
  if (write) {
    const outcome = await writeTarget(target, bytes, {
      issuer: options.issuer,
      message: commitMessage(options.setName, added, removed, plan, options),
    })
    commit = outcome.commit
    command = outcome.command
    const back = await readTarget({ ...target, lastPublish: null })
    if (back.source === 'target' && (back.bytes === null || !back.bytes.equals(bytes))) {
      throw new SignetError(
        'ERR_PUBLISH_READ_BACK_MISMATCH',
        `Target "${target.name}" was written, but reading it back gave ${back.bytes ? `other bytes (sha256 ${createHash('sha256').update(back.bytes).digest('hex')})` : 'nothing'}. Check the target (and its read command) by hand; the publish is not recorded.`,
      )
    }
  }
  const at = options.now.toISOString()
  context.store.update((current) => ({
    ...current,
    publishTargets: current.publishTargets.map((t) => {
      if (t.id !== target.id) return t
      const firstPublished = Object.fromEntries(
        Object.entries(t.firstPublished).filter(([kid]) => plan.next.kids.includes(kid)),
      )
      for (const kid of plan.next.kids) firstPublished[kid] ??= at
      return {
        ...t,
        firstPublished,
        lastPublish: {
          at,
          sha256: plan.next.sha256,
          added,
          removed,
          forced: options.force && plan.refusals.length > 0,
          commit,
          jwks: bytes.toString('utf8'),
        },
      }
    }),
  }))
  return {
    target: target.name,
    kind: target.config.kind,
    sha256: plan.next.sha256,
    added,
    removed,
    upToDate: plan.upToDate,
    forced: options.force && plan.refusals.length > 0,
    commit,
    command,
    overridden: plan.refusals,
  }
}

function commitMessage(
  set: string,
  added: string[],
  removed: string[],
  plan: TargetPlan,
  options: { reason: string | undefined; force: boolean },
): string {
  const summary =
    [added.length ? `add ${added.length}` : '', removed.length ? `remove ${removed.length}` : '']
      .filter(Boolean)
      .join(', ') || 'republish'
  const lines = [`signet: publish JWKS of set ${set} (${summary})`, '']
  lines.push(`Added kids: ${added.length ? added.join(', ') : '(none)'}`)
  lines.push(`Removed kids: ${removed.length ? removed.join(', ') : '(none)'}`)
  lines.push(`SHA-256: ${plan.next.sha256}`)
  if (options.force && plan.refusals.length)
    lines.push('', `Forced: ${options.reason ?? ''}`, ...plan.refusals.map((r) => `- ${r.kind} ${r.kid ?? ''}`))
  return `${lines.join('\n')}\n`
}
