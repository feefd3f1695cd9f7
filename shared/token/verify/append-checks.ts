import type { Check, Trace } from './check'

/**
 * Adds checks computed beside the token's own (status list, revocation list) to a trace and
 * re-derives the verdict. A verdict that was already 'invalid' keeps its reason, so an expired or
 * forged token is reported as such whatever a list says about it; otherwise the first failed added
 * check makes the token 'invalid' and gives the reason. Passing checks never upgrade an
 * 'unverified' token.
 */
export function appendChecks(trace: Trace, added: readonly Check[]): Trace {
  const checks = [...trace.checks, ...added]
  const failed = added.filter((c) => c.status === 'fail')
  if (trace.verdict === 'invalid') {
    const before = trace.checks.filter((c) => c.status === 'fail').length
    return {
      checks,
      verdict: 'invalid',
      reason:
        failed.length === 0
          ? trace.reason
          : `${trace.reason.replace(/ \(\d+ more checks? failed\)$/, '')} (${before + failed.length - 1} more check${before + failed.length > 2 ? 's' : ''} failed)`,
    }
  }
  if (failed.length > 0) {
    const first = failed[0]!
    return {
      checks,
      verdict: 'invalid',
      reason: `${first.title}: ${first.message}${failed.length > 1 ? ` (${failed.length - 1} more check${failed.length > 2 ? 's' : ''} failed)` : ''}`,
    }
  }
  if (trace.verdict === 'valid') {
    const warnings = added.filter((c) => c.status === 'warn').length
    if (warnings > 0)
      return {
        checks,
        verdict: 'valid',
        reason: `${trace.reason.replace(/\.$/, '')}; the revocation checks raised ${warnings} warning${warnings > 1 ? 's' : ''}.`,
      }
  }
  return { checks, verdict: trace.verdict, reason: trace.reason }
}
