import type { TargetPlan, TargetPublishResult } from '#shared/publishing/results'

/**
 * The kids a target holds now, for its row on the JWKS screen. Before a publish: what the plan read
 * back from the target. Once this target's publish succeeded (its `published` progress event or the
 * publish result), the set just written — without waiting for the other targets to finish and the
 * plan to be read back again: the plan's `next` kids when the bytes written are the plan's
 * (`result.sha256 === plan.next.sha256`), else the kids read back with the result's removals taken
 * out and its additions put in (the set changed between the plan and the publish).
 *
 * @returns null when there is no plan to start from; `justPublished` says which case it is
 */
export function holdsNow(
  plan: TargetPlan | null,
  result: TargetPublishResult | null,
): { kids: string[]; justPublished: boolean } | null {
  if (!plan) return null
  if (!result) return { kids: plan.current.kids, justPublished: false }
  if (result.sha256 === plan.next.sha256) return { kids: plan.next.kids, justPublished: true }
  const removed = new Set(result.removed)
  const kept = plan.current.kids.filter((kid) => !removed.has(kid))
  return { kids: [...kept, ...result.added.filter((kid) => !kept.includes(kid))], justPublished: true }
}
