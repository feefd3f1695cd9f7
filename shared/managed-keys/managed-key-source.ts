import type { JWK } from 'jose'
import { describeKeyShape, isJwsAlgorithm, jwsAlgorithms } from '../key-material/algorithms'
import type { KeyCandidate, KeyDescription, KeySelection } from '../key-material/types'
import { hmacSecretStrength } from '../key-material/strength'
import type { VerifyTokenResult } from '../contract/keys'
import { isPublished } from '../managed-keys/model'
import type { KeyInfo } from '../managed-keys/types'
import type { Policy } from '../validation-policy/policy'
import type { DelegatedKeySource } from '../token/analyse-token'
import type { DecodedToken } from '../token/decode'
import type { JsonObject } from '../encoding/json'
import { check, type Check } from '../token/verify/check'
import { verifySignature, type SignatureAttempt, type SignatureResult } from '../token/verify/verify-signature'

/**
 * Signet's managed keys as a verification source. A public key's JWK is public, so RS/PS/ES/EdDSA
 * tokens are verified here like a pasted JWKS and get the full trace. An HS key's secret never
 * leaves the main process, so an HMAC token goes to keys:verify-token instead and its answer is
 * turned into the same signature result. Either way a key's lifecycle state counts: a compromised
 * or unpublished key fails the token even when the signature holds.
 */

export type RemoteVerify = (token: string) => Promise<VerifyTokenResult>

/** Signet's managed keys fill the inspection's port for a source whose secrets live elsewhere. */
export type ManagedKeySource = DelegatedKeySource

export function managedKeyLabel(key: KeyInfo): string {
  return `managed key ${key.kid} (${key.alg}, set ${key.setName}, ${key.state})`
}

function describe(key: KeyInfo): KeyDescription {
  return {
    label: managedKeyLabel(key),
    origin: 'managed',
    kty: key.kty,
    ...(key.crv ? { crv: key.crv } : {}),
    ...(key.bits ? { bits: key.bits } : {}),
    kid: key.kid,
    alg: key.alg,
    ...(key.kty !== 'oct' ? { thumbprint: key.thumbprint } : {}),
    fromPrivateKey: false,
    ...(key.publicJwk ? { publicJwk: key.publicJwk as JWK } : {}),
  }
}

/** A managed key's state as a problem for the token, or null when the key may verify. */
export function stateProblem(key: KeyInfo): string | null {
  if (key.state === 'compromised')
    return `Key ${key.kid} is marked compromised: anyone may have signed this token. Do not trust it.`
  if (!isPublished(key.state))
    return `Key ${key.kid} is ${key.state}: it is no longer in the set's JWKS, so verifiers reject its tokens.`
  return null
}

/**
 * @param keys the public parts of the managed keys (keys:list, or the store in the CLI)
 * @param remote checks an HMAC token with the key's secret where the secret is (null: HMAC tokens get the local path)
 * @param checkedBy who `remote` is, for the trace: "the main process" in the app, "this signet process" in the CLI
 */
export function managedKeySource(
  keys: readonly KeyInfo[],
  remote: RemoteVerify | null,
  checkedBy = 'the main process',
): ManagedKeySource {
  const usable = keys.filter((key) => key.state !== 'destroyed')
  const select = (header: JsonObject): KeySelection => {
    const kid = header.kid
    const alg = header.alg
    let matches: KeyInfo[]
    if (typeof kid === 'string') {
      matches = usable.filter((key) => key.kid === kid)
      if (matches.length === 0) {
        const destroyed = keys.find((key) => key.kid === kid)
        return {
          candidates: [],
          status: 'fail',
          message: destroyed
            ? `Key ${kid} was destroyed: its tokens can no longer be checked, and verifiers no longer accept them.`
            : `No key Signet manages has kid "${kid}" (${usable.length} managed key${usable.length === 1 ? '' : 's'} searched).`,
        }
      }
    } else {
      matches = usable.filter((key) => key.alg === alg && key.publicJwk !== null)
      if (matches.length === 0) {
        return {
          candidates: [],
          status: 'fail',
          message: `The token has no kid, and no public key Signet manages signs with ${typeof alg === 'string' ? alg : 'its alg'}.`,
        }
      }
    }
    const candidates: KeyCandidate[] = matches.flatMap((key) =>
      key.publicJwk ? [{ description: describe(key), jwk: key.publicJwk as JWK }] : [],
    )
    const problems = matches.map(stateProblem).filter((p): p is string => p !== null)
    const which =
      typeof kid === 'string'
        ? `The token's kid selects ${managedKeyLabel(matches[0]!)}.`
        : `The token has no kid; ${matches.length === 1 ? `${managedKeyLabel(matches[0]!)} is the only managed key` : `the ${matches.length} managed keys`} for ${String(alg)} ${matches.length === 1 ? 'is' : 'are'} tried.`
    return problems.length > 0 && problems.length === matches.length
      ? { candidates, status: 'fail', message: `${which} ${problems.join(' ')}` }
      : { candidates, status: 'pass', message: which }
  }
  return {
    kind: 'managed',
    label: `Signet's managed keys (${usable.length})`,
    keys: usable.map(describe),
    select,
    review(result) {
      const key =
        result.verifiedBy?.origin === 'managed' ? usable.find((k) => k.kid === result.verifiedBy!.kid) : undefined
      const problem = key ? stateProblem(key) : null
      if (!problem || !result.selection || result.selection.status === 'fail') return result
      return {
        ...result,
        selection: {
          ...result.selection,
          status: 'fail',
          message: `${result.selection.message} It verified with ${managedKeyLabel(key!)}: ${problem}`,
        },
      }
    },
    verifyRemotely(decoded, policy) {
      if (!remote || decoded.type !== 'jws' || decoded.form !== 'jws-compact') return null
      const header = decoded.signatures[0]!.joseHeader
      if (typeof header.alg !== 'string' || jwsAlgorithms[header.alg as 'HS256']?.kty !== 'oct') return null
      const kid = header.kid
      const key = usable.find(
        (k) => k.kty === 'oct' && (typeof kid === 'string' ? k.kid === kid : k.alg === header.alg),
      )
      if (!key) return null
      return remoteSignature(decoded, key, remote, policy, checkedBy)
    },
  }
}

async function remoteSignature(
  decoded: DecodedToken,
  key: KeyInfo,
  remote: RemoteVerify,
  policy: Pick<Policy, 'algorithms' | 'minHmacKeyBytes'>,
  checkedBy: string,
): Promise<SignatureResult> {
  // The token-level checks (encoding, crit, b64) come from the same code as for any other key.
  const base = await verifySignature(decoded, null, { policy })
  const result = await remote(decoded.type === 'jws' ? decoded.token : '')
  const description = describe(key)
  const alg = base.alg
  const keyChecks = hmacKeyChecks(key, alg, policy)
  const blocked = keyChecks.some((c) => c.status === 'fail')
  const problem = stateProblem(key)
  const selection: KeySelection = {
    candidates: [],
    status: problem ? 'fail' : 'pass',
    message: `${typeof base.header.kid === 'string' ? "The token's kid selects" : 'The token has no kid; the HMAC key for its alg is'} ${description.label}. Its secret stays in the OS keychain, so ${checkedBy} checked the signature.${problem ? ` ${problem}` : ''}`,
  }
  const signatureProblems = result.problems.filter(
    (p) => !p.code.startsWith('TOKEN_') || p.code === 'TOKEN_INVALID' || p.code === 'TOKEN_FORM',
  )
  let attempt: SignatureAttempt
  if (blocked) {
    attempt = {
      key: description,
      checks: keyChecks,
      outcome: 'not-attempted',
      message: `Not attempted: ${keyChecks.find((c) => c.status === 'fail')!.message}`,
    }
  } else if (result.signatureValid) {
    attempt = {
      key: description,
      checks: keyChecks,
      outcome: 'verified',
      message: `Verified with ${description.label}.`,
    }
  } else {
    const why = signatureProblems.map((p) => p.message).join(' ') || 'the main process did not accept the signature.'
    attempt = {
      key: description,
      checks: keyChecks,
      outcome: signatureProblems.some((p) => p.code === 'SIGNATURE_INVALID') ? 'mismatch' : 'error',
      message: why,
    }
  }
  const verified = attempt.outcome === 'verified'
  const signature: Check = verified
    ? check(
        'signature',
        'pass',
        `The ${alg ?? ''} signature verifies with ${description.label}.`.replace('The  ', 'The '),
        { attempts: [{ key: description.label, outcome: attempt.outcome, message: attempt.message }] },
      )
    : check(
        'signature',
        'fail',
        attempt.outcome === 'mismatch'
          ? `The signature does not match ${description.label}: the token was altered, or signed with another key.`
          : `Not verified: ${attempt.message}`,
        {
          attempts: [{ key: description.label, outcome: attempt.outcome, message: attempt.message }],
        },
      )
  return {
    ...base,
    selection,
    attempts: [attempt],
    chosen: attempt,
    signature,
    verifiedBy: verified ? description : null,
    algorithmCheck: null,
  }
}

/**
 * The key checks for a managed HMAC key, from what the key manager publishes about it (algorithm,
 * size): the secret itself is not needed to say whether it fits and is long enough.
 */
function hmacKeyChecks(
  key: KeyInfo,
  alg: string | null,
  policy: Pick<Policy, 'algorithms' | 'minHmacKeyBytes'>,
): Check[] {
  const shape = describeKeyShape({ kty: 'oct', ...(key.bits ? { bits: key.bits } : {}) })
  if (!isJwsAlgorithm(alg)) {
    const reason = 'Not checked: the token names no algorithm Signet verifies.'
    return [
      check('alg-allowed', 'fail', `The header's alg ${JSON.stringify(alg)} is not a JWS algorithm Signet verifies.`),
      check('key-type', 'skipped', reason),
      check('key-use', 'skipped', reason),
      check('key-strength', 'skipped', reason),
    ]
  }
  const allowed = policy.algorithms
    ? policy.algorithms.includes(alg)
      ? check('alg-allowed', 'pass', `${alg} is in the policy's allowed list (${policy.algorithms.join(', ')}).`, {
          allowed: policy.algorithms,
        })
      : check('alg-allowed', 'fail', `${alg} is not in the policy's allowed list (${policy.algorithms.join(', ')}).`, {
          allowed: policy.algorithms,
        })
    : jwsAlgorithms[alg].kty === 'oct'
      ? check(
          'alg-allowed',
          'pass',
          `${alg} fits the managed key (${shape}); with no list in the policy, Signet allows the algorithms that fit it.`,
        )
      : check('alg-allowed', 'fail', `${alg} does not fit the managed key (${shape}).`)
  const type =
    jwsAlgorithms[alg].kty === 'oct'
      ? check('key-type', 'pass', `${alg} needs a secret (oct) key; the key is ${shape}.`)
      : check('key-type', 'fail', `${alg} needs ${jwsAlgorithms[alg].kty}, but the key is ${shape}.`)
  const use =
    key.alg === alg
      ? check('key-use', 'pass', `The managed key is for ${key.alg}, the token's algorithm.`)
      : check(
          'key-use',
          'fail',
          `The managed key is for ${key.alg}, but the token uses ${alg}; a token does not get to choose its own algorithm.`,
        )
  const finding = hmacSecretStrength((key.bits ?? 0) / 8, alg, { minHmacKeyBytes: policy.minHmacKeyBytes })
  const strength = check('key-strength', finding.ok ? (finding.warning ? 'warn' : 'pass') : 'fail', finding.message)
  return [allowed, type, use, strength]
}
