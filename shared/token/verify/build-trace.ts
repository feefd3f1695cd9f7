import { check, type Check, type CheckId, type Trace } from './check'
import type { SignatureResult } from './verify-signature'

/**
 * Combines the signature result (computed once) with claim checks (recomputed at will) into the
 * ordered trace and one verdict: 'invalid' if any check failed, 'unverified' if nothing failed but
 * no key checked the signature, 'valid' otherwise.
 */
export function buildTrace(signature: SignatureResult, claimChecks: readonly Check[]): Trace {
  const checks: Check[] = [...signature.tokenChecks]
  checks.push(
    signature.selection
      ? check('key-select', signature.selection.status, signature.selection.message, {
          candidates: signature.selection.candidates.map((c) => c.description.label),
          ...(signature.selection.duplicateKids ? { duplicateKids: signature.selection.duplicateKids } : {}),
        })
      : check('key-select', 'skipped', 'No key was given.'),
  )
  const keyChecks = signature.chosen?.checks
  if (keyChecks && keyChecks.length > 0) {
    checks.push(...keyChecks)
  } else {
    const reason = signature.selection ? 'Not checked: no key was tried.' : 'Not checked: no key was given.'
    checks.push(signature.algorithmCheck ?? check('alg-allowed', 'skipped', reason))
    checks.push(
      check('key-type', 'skipped', reason),
      check('key-use', 'skipped', reason),
      check('key-strength', 'skipped', reason),
    )
  }
  checks.push(signature.signatureCount > 1 ? withSignatureIndex(signature) : signature.signature)
  const chain = signature.selection?.chain
  if (chain) checks.push(chainCheck(chain))
  checks.push(...claimChecks)
  return { checks, ...verdictOf(checks, signature) }
}

function chainCheck(chain: NonNullable<NonNullable<SignatureResult['selection']>['chain']>): Check {
  const detail = {
    certificates: chain.links.map((link) => ({
      subject: link.summary.subject,
      issuer: link.summary.issuer,
      notBefore: link.summary.notBefore,
      notAfter: link.summary.notAfter,
      problems: link.problems,
    })),
    validated: chain.validated,
    notValidated: chain.notValidated,
  }
  const count = `${chain.links.length} certificate${chain.links.length === 1 ? '' : 's'}`
  if (!chain.consistent) {
    const problems = chain.links.flatMap((link) => link.problems.map((p) => `x5c[${link.index}] ${p}`))
    return check(
      'x5c-chain',
      'fail',
      `The token's x5c chain (${count}) does not hold together: ${problems.join('; ')}.`,
      detail,
    )
  }
  if (chain.anchoredBy) {
    return check(
      'x5c-chain',
      'pass',
      `The x5c chain (${count}) is consistent and leads to your certificate ${chain.anchoredBy}. Not checked offline: revocation, key usage and name constraints.`,
      detail,
    )
  }
  return check(
    'x5c-chain',
    'warn',
    `The x5c chain (${count}) is consistent, but it ends at a certificate the token supplied itself; it is not tied to any certificate you trust. Not checked: trust anchor, revocation, key usage.`,
    detail,
  )
}

function withSignatureIndex(signature: SignatureResult): Check {
  const prefix = `Signature ${signature.signatureIndex + 1} of ${signature.signatureCount}: `
  return { ...signature.signature, message: prefix + signature.signature.message }
}

/**
 * Which failure a verdict leads with, most important first: a token that is not what it claims to
 * be (encoding, crit, b64), a key that may not be used for it at all, then whether the signature
 * matches, then what is wrong with the key that matched, then time and claims. The trace keeps its
 * own order; only the one-line reason picks by importance.
 */
const importance: readonly CheckId[] = [
  'encoding',
  'unprotected-header',
  'crit',
  'b64',
  'alg-allowed',
  'key-type',
  'key-use',
  'signature',
  'key-select',
  'x5c-chain',
  'key-strength',
]

function rank(check: Check): number {
  const index = importance.indexOf(check.id)
  return index === -1 ? importance.length : index
}

function verdictOf(checks: Check[], signature: SignatureResult): Pick<Trace, 'verdict' | 'reason'> {
  const failed = checks.filter((c) => c.status === 'fail')
  if (failed.length > 0) {
    const first = [...failed].sort((a, b) => rank(a) - rank(b))[0]!
    const more = failed.length > 1 ? ` (${failed.length - 1} more check${failed.length > 2 ? 's' : ''} failed)` : ''
    if (signature.verifiedBy && first.id === 'key-strength') {
      return {
        verdict: 'invalid',
        reason: `The signature matches ${signature.verifiedBy.label}, but the key is too weak under the policy: ${lowerFirst(first.message)}${more}`,
      }
    }
    return { verdict: 'invalid', reason: `${first.title}: ${first.message}${more}` }
  }
  if (!signature.verifiedBy) {
    return { verdict: 'unverified', reason: signature.signature.message }
  }
  if (signature.verifiedBy.origin === 'x5c' && !signature.selection?.chain?.anchoredBy) {
    return {
      verdict: 'unverified',
      reason:
        'The signature matches the certificate the token carries (x5c), but nothing ties that certificate to a key you trust. Give the issuing CA certificate as the key to anchor the chain.',
    }
  }
  const warnings = checks.filter((c) => c.status === 'warn').length
  return {
    verdict: 'valid',
    reason: `Signature verified with ${signature.verifiedBy.label}; every check passed${warnings ? ` (${warnings} warning${warnings > 1 ? 's' : ''})` : ''}.`,
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}
