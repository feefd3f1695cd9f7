import { testSecret, weakSecretPlan, weakSecretSkippedMessage, type WeakSecretMatch } from '../../weak-secrets/check'
import { weakSecretDictionary } from '../../weak-secrets/dictionary'
import { isHmacAlgorithm } from '../../weak-secrets/hmac'
import { maskSecret } from '../mask'
import type { Finding, Rule } from '../types'

/**
 * The synchronous first pass of the weak-secret check: the few secrets that account for most
 * real-world hits ("secret", jwt.io's "your-256-bit-secret"…) are tried inline so a lint shows them
 * at once; the full dictionary runs separately (findWeakSecret) off the UI thread.
 *
 * By default the pass is also bounded by how many bytes it hashes, because the portable HMAC costs
 * ~0.2 ms per candidate on an 8 KB token and lint runs on every edit: measured (npm run bench),
 * 64 candidates cost 40 ms there; the budget keeps the pass near a millisecond.
 */
export const defaultQuickCandidates = 16
const defaultQuickBudgetBytes = 32 * 1024
/** Always tried, whatever the budget: the two most common secrets by far. */
const alwaysTried = 2

export const weakSecretQuickRule: Rule = ({ token, headers, weakSecretQuickCheck, maskFoundSecrets }) => {
  if (weakSecretQuickCheck === 0 || token.type !== 'jws' || !headers.some((view) => isHmacAlgorithm(view.header.alg)))
    return []
  const { targets, skipped } = weakSecretPlan(token)
  const skippedFindings: Finding[] = skipped.length === 0 ? [] : [weakSecretSkippedFinding(skipped)]
  const dictionary = weakSecretDictionary()
  const explicit = weakSecretQuickCheck !== undefined
  const limit = Math.min(weakSecretQuickCheck ?? defaultQuickCandidates, dictionary.length)
  const bytesPerCandidate = targets.reduce((sum, target) => sum + target.signingInput.length, 0) * 2
  for (let i = 0; i < limit; i++) {
    if (!explicit && i >= alwaysTried && (i + 1) * bytesPerCandidate > defaultQuickBudgetBytes) break
    const match = testSecret(targets, dictionary[i]!)
    if (match) {
      const segment =
        token.form === 'jws-json-general' ? `signatures[${match.target.signatureIndex}].signature` : 'signature'
      return [
        weakSecretFinding(
          {
            secret: dictionary[i]!,
            variant: match.variant,
            alg: match.target.alg,
            signatureIndex: match.target.signatureIndex,
            candidatesTried: i + 1,
          },
          segment,
          maskFoundSecrets,
        ),
        ...skippedFindings,
      ]
    }
  }
  return skippedFindings
}

function weakSecretSkippedFinding(skipped: Parameters<typeof weakSecretSkippedMessage>[0]): Finding {
  return {
    id: 'weak-secret-check-skipped',
    severity: 'info',
    title: 'Weak-secret check skipped: signing input too large',
    message: weakSecretSkippedMessage(skipped),
    remediation:
      'Make sure the HMAC secret is at least 32 random bytes from a CSPRNG; Signet cannot test it against known secrets on a token this large.',
    location: { segment: 'signature' },
    reference: 'RFC 7518 §3.2, RFC 8725 §3.5',
  }
}

/**
 * Turns a findWeakSecret result into the finding lintToken would report, for callers merging the two.
 *
 * @param masked show the secret masked (maskSecret), for findings that leave the person holding the
 *   token (LintContext.maskFoundSecrets); otherwise it is quoted whole
 */
export function weakSecretFinding(match: WeakSecretMatch, segment = 'signature', masked = false): Finding {
  const secret = masked
    ? `${JSON.stringify(maskSecret(match.secret))} (masked here: a report is shared; Inspect names it)`
    : JSON.stringify(match.secret)
  const how =
    match.variant === 'base64-decoded'
      ? `the base64-decoded bytes of the well-known secret ${secret}`
      : `the well-known secret ${secret}`
  return {
    id: 'weak-hmac-secret',
    severity: 'high',
    title: 'HMAC secret found in a public dictionary',
    message: `The ${match.alg} signature verifies with ${how}. Anyone can mint valid tokens for every service that shares this secret; offline guessing tools try it within seconds.`,
    remediation:
      'Rotate the secret now: generate at least 32 random bytes (256 bits; 48/64 for HS384/HS512) from a CSPRNG, store it outside the code, and revoke or shorten outstanding tokens. Consider asymmetric signing (ES256/EdDSA).',
    location: { segment },
    reference: 'RFC 7518 §3.2, RFC 8725 §3.5',
  }
}
