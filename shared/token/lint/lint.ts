import { SignetError } from '../../errors'
import { decodeToken, type DecodedToken } from '../decode'
import { algorithmRules } from './rules/algorithm'
import { claimRules } from './rules/claims'
import { encodingRules } from './rules/encoding'
import { keyConfusionRules } from './rules/key-confusion'
import { keyHeaderRules } from './rules/key-headers'
import { sensitiveRules } from './rules/sensitive'
import { signatureRules } from './rules/signature'
import { typRules } from './rules/typ'
import { weakSecretQuickRule } from './rules/weak-secret'
import { severities, type Finding, type HeaderView, type LintContext, type LintSubject, type Rule } from './types'

/** Rule families in report order within one severity: the token's form first, then keys, claims, data. */
const rules: Rule[] = [
  algorithmRules,
  signatureRules,
  weakSecretQuickRule,
  keyConfusionRules,
  keyHeaderRules,
  encodingRules,
  claimRules,
  typRules,
  sensitiveRules,
]

/**
 * Security findings for one token, most severe first. Synchronous and fast (no I/O, no key import):
 * the inspector re-runs it on every edit. Pass a string to have it decoded with duplicate members
 * allowed (so they become findings instead of a decode error); a DecodedToken is used as it is.
 *
 * Throws the decoder's SignetError (ERR_TOKEN_*) when the input is not a token at all.
 */
export function lintToken(input: string | DecodedToken, context: LintContext = {}): Finding[] {
  const token = typeof input === 'string' ? decodeToken(input, { allowDuplicateMembers: true }) : input
  const now = context.now ?? Date.now() / 1000
  if (!Number.isFinite(now))
    throw new SignetError(
      'ERR_INVALID_ARGUMENT',
      'The lint evaluation time ("now") must be a finite number of seconds since the epoch.',
    )
  const quick = context.weakSecretQuickCheck
  const subject: LintSubject = {
    token,
    headers: headerViews(token),
    claims: token.type === 'jws' && token.payload.kind === 'claims' ? token.payload.claims : null,
    now,
    policy: { clockSkewSeconds: 60, ...context.policy },
    ...(context.publicKey ? { publicKey: context.publicKey } : {}),
    weakSecretQuickCheck: quick === false ? 0 : quick === undefined ? undefined : Math.max(0, Math.floor(quick)),
    maskFoundSecrets: context.maskFoundSecrets === true,
  }
  const findings = rules.flatMap((rule) => rule(subject))
  return sortFindings(findings)
}

/** Most severe first; within a severity, the order the rules reported them (stable sort). */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => severities.indexOf(a.severity) - severities.indexOf(b.severity))
}

function headerViews(token: DecodedToken): HeaderView[] {
  if (token.type === 'jwe') return [{ header: token.joseHeader, segment: 'header' }]
  return token.signatures.map((signature, i) => ({
    header: signature.joseHeader,
    segment: token.form === 'jws-json-general' ? `signatures[${i}].header` : 'header',
    signatureIndex: i,
  }))
}
