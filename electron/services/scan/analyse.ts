import type { KeySource } from '#shared/key-material/types'
import type { Policy } from '#shared/validation-policy/policy'
import type { ListEvidence } from '#shared/token/verify/list-checks'
import { analyseScannedToken, type ScanVerifier, type TokenAnalysis } from '#shared/scan/analyse-token'
import { inspectTokenFast } from '../verify-fast/inspect-fast'
import { validVerdictOfDecoded } from '../verify-fast/verdict-fast'

export type { ScanVerdict, TokenAnalysis } from '#shared/scan/analyse-token'

/**
 * `signet scan`'s analysis of one distinct token: shared/scan/analyse-token.ts through the fast
 * path (node:crypto) — the same trace and verdict as `signet verify`, and as the app's Scan screen.
 */
export const fastScanVerifier: ScanVerifier = { inspect: inspectTokenFast, validFast: validVerdictOfDecoded }

export function analyseToken(
  token: string,
  source: KeySource | null,
  policy: Policy,
  at: number,
  lists: ListEvidence | null = null,
): Promise<TokenAnalysis> {
  return analyseScannedToken(
    token,
    source,
    policy,
    at,
    fastScanVerifier,
    'No key was given (--key, --jwks, --secret-file or --managed), so the signature was not checked.',
    lists,
  )
}
