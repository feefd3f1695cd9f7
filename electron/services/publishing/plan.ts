import { createHash } from 'node:crypto'
import { SignetError } from '#shared/errors'
import { diffJwks } from '#shared/jwks/diff'
import { lintJwks, type JwksFinding } from '#shared/jwks/lint'
import type { PlanRefusal, PublishPlan, TargetPlan } from '#shared/publishing/results'
import type { PublishTarget } from '#shared/publishing/targets'
import type { StoreData } from '../../adapters/store-schema'
import { requireSet, type KeyContext } from '../managed-keys/repository'
import { readPublishedJwks, type PublishedJwks } from './published-jwks'
import { readTarget } from './target-io'
import { requireTarget } from './targets'

export type { PlanRefusal, PublishPlan, TargetPlan } from '#shared/publishing/results'

/**
 * What publishing would change on each target of a set, judged before anything is written: the
 * target is read back (never trusted from Signet's memory where it can be read), diffed against the
 * set's JWKS by kid and RFC 7638 thumbprint (shared/jwks/diff.ts), and every removal is judged
 * against retired-at + max token lifetime + JWKS cache time + skew at the context's `now`.
 *
 * @throws SignetError ERR_SET_NOT_FOUND, ERR_PUBLISH_TARGET_NOT_FOUND, ERR_PUBLISH_TARGET_INVALID (no targets),
 *   and a target's own read errors (ERR_PUBLISH_GIT_FAILED, ERR_PUBLISH_COMMAND_FAILED, …)
 */
export async function planPublish(
  context: Pick<KeyContext, 'store' | 'now'>,
  input: { set: string; target?: string | undefined },
): Promise<PublishPlan> {
  const data = context.store.read()
  const targets = selectTargets(data, input)
  const published = readPublishedJwks(context.store, input.set)
  const text = published.bytes.toString('utf8')
  const lint = await lintJwks(text)
  const plans: TargetPlan[] = []
  for (const target of targets) plans.push(await planTarget(data, target, published, lint.findings, context.now()))
  return {
    set: published.set,
    jwks: text,
    sha256: published.sha256,
    findings: lint.findings,
    targets: plans,
    ok: plans.every((p) => p.ok),
  }
}

export function selectTargets(data: StoreData, input: { set: string; target?: string | undefined }): PublishTarget[] {
  const set = requireSet(data, input.set)
  if (input.target !== undefined) return [requireTarget(data.publishTargets, set, input.target)]
  const own = data.publishTargets.filter((t) => t.setId === set.id)
  if (own.length === 0)
    throw new SignetError(
      'ERR_PUBLISH_TARGET_NOT_FOUND',
      `Set "${set.name}" has no publish targets. Add one with "signet jwks targets add --set ${set.name} --name <name> --dir <folder>".`,
    )
  return own
}

export async function planTarget(
  data: StoreData,
  target: PublishTarget,
  published: PublishedJwks,
  findings: readonly JwksFinding[],
  now: Date,
): Promise<TargetPlan> {
  const content = await readTarget(target)
  const refusals: PlanRefusal[] = findings
    .filter((f) => f.severity === 'high')
    .map((f) => ({
      kind: 'lint' as const,
      kid: null,
      message: `The set's JWKS fails lint (${f.id} at ${f.pointer || '/'}): ${f.message}`,
      forceable: false,
    }))
  let before: unknown = { keys: [] }
  if (content.bytes) {
    try {
      before = JSON.parse(content.bytes.toString('utf8'))
      if (typeof before !== 'object' || before === null || !Array.isArray((before as { keys?: unknown }).keys))
        throw new Error('not a JWK Set')
    } catch {
      before = { keys: [] }
      refusals.push({
        kind: 'unreadable',
        kid: null,
        message: `Target "${target.name}" holds something that is not a JWK Set; publishing replaces it.`,
        forceable: true,
      })
    }
  }
  const after = JSON.parse(published.bytes.toString('utf8')) as unknown
  const keys = data.keys.filter((k) => k.setId === target.setId)
  const diff = await diffJwks(before, after, { keys, now })
  for (const change of diff.changed.filter((c) => c.kind === 'key')) {
    refusals.push({
      kind: 'key-changed',
      kid: change.kid,
      message: `Kid "${change.kid}" names different key material on "${target.name}" than in the set: verifiers would check signatures against the wrong key. Give one of them another kid.`,
      forceable: false,
    })
  }
  for (const removal of diff.removed) {
    if (removal.verdict === 'refused')
      refusals.push({ kind: 'removal', kid: removal.kid, message: removal.reason, forceable: true })
    if (removal.verdict === 'unjudged')
      refusals.push({
        kind: 'unjudged-removal',
        kid: removal.kid,
        message: `Removing "${removal.kid ?? removal.thumbprint}" from "${target.name}": ${removal.reason}`,
        forceable: true,
      })
  }
  const currentSha = content.bytes ? createHash('sha256').update(content.bytes).digest('hex') : null
  return {
    target: target.name,
    kind: target.config.kind,
    source: content.source,
    current: { sha256: currentSha, kids: kidsOf(before) },
    next: { sha256: published.sha256, kids: kidsOf(after) },
    upToDate: currentSha === published.sha256,
    diff,
    refusals,
    ok: refusals.length === 0,
  }
}

function kidsOf(jwks: unknown): string[] {
  const keys = (jwks as { keys?: unknown[] }).keys ?? []
  return keys
    .map((k) =>
      typeof k === 'object' && k !== null && typeof (k as { kid?: unknown }).kid === 'string'
        ? (k as { kid: string }).kid
        : null,
    )
    .filter((k): k is string => k !== null)
}
