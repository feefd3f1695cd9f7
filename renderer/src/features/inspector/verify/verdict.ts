import type { CheckId, Trace } from '#shared/token/verify/check'

/**
 * The verdict banner's headline. The trace says valid / invalid / unverified; a person wants to
 * know, first, the one thing that is wrong when it is only about time — "Expired", "Not yet
 * valid" — because that answer changes as the timeline cursor moves and the rest does not.
 */

export type HeadlineTone = 'valid' | 'invalid' | 'expired' | 'not-yet-valid' | 'too-old' | 'unverified'

export interface Headline {
  tone: HeadlineTone
  title: string
}

const timeChecks: readonly CheckId[] = ['exp', 'nbf', 'iat', 'max-age']

export function verdictHeadline(trace: Trace): Headline {
  if (trace.verdict === 'valid') {
    const warnings = trace.checks.filter((c) => c.status === 'warn').length
    return {
      tone: 'valid',
      title: warnings > 0 ? `Valid, with ${warnings} warning${warnings > 1 ? 's' : ''}` : 'Valid',
    }
  }
  if (trace.verdict === 'unverified') return { tone: 'unverified', title: 'Not verified' }
  const failed = trace.checks.filter((c) => c.status === 'fail').map((c) => c.id)
  if (failed.length > 0 && failed.every((id) => timeChecks.includes(id))) {
    if (failed.includes('exp')) return { tone: 'expired', title: 'Expired' }
    if (failed.includes('nbf') || failed.includes('iat')) return { tone: 'not-yet-valid', title: 'Not yet valid' }
    return { tone: 'too-old', title: 'Too old for the policy' }
  }
  return { tone: 'invalid', title: 'Invalid' }
}
