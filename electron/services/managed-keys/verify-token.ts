import { errors as joseErrors, importJWK, jwtVerify, type JWTPayload } from 'jose'
import { isSignetError } from '#shared/errors'
import type { VerifyProblem, VerifyTokenResult } from '#shared/contract/keys'
import { isPublished } from '#shared/managed-keys/model'
import type { KeyRecord, KeySet } from '#shared/managed-keys/types'
import { decodeToken } from '#shared/token/decode'
import { withdrawSecret } from './custody'
import type { KeyContext } from './repository'

/** What verifying reads: the store, the keychain and the clock (the CLI's scan passes a snapshot of each). */
export interface VerifyContext {
  store: Pick<KeyContext['store'], 'read'>
  keychain: Pick<KeyContext['keychain'], 'get' | 'service'>
  now: () => Date
}

/**
 * Verifies a compact JWS against the keys Signet manages, found by kid across every set: the
 * signature, then the set's expectations (iss, exp/nbf with its clock skew), then the key's state
 * (a compromised or unpublished key fails a token even when the signature holds). HS keys verify
 * here, in main, because their secret cannot go to the renderer.
 */
export async function verifyManagedToken(context: VerifyContext, input: { token: string }): Promise<VerifyTokenResult> {
  const decoded = decodeToken(input.token)
  const empty: VerifyTokenResult = {
    valid: false,
    signatureValid: false,
    kid: null,
    alg: null,
    set: null,
    keyState: null,
    claims: null,
    problems: [],
  }
  if (decoded.type === 'jws' && decoded.form === 'unsecured-jwt') {
    return {
      ...empty,
      alg: 'none',
      problems: [
        {
          code: 'ALG_NONE',
          message: 'The token is unsecured (alg "none"): there is no signature to verify, and anyone can write one.',
        },
      ],
    }
  }
  if (decoded.type !== 'jws' || decoded.form !== 'jws-compact') {
    const what =
      decoded.type === 'jwe'
        ? 'an encrypted token (JWE); Signet manages signing keys, not decryption keys'
        : `a ${decoded.label}`
    return {
      ...empty,
      problems: [
        {
          code: 'TOKEN_FORM',
          message: `This is ${what}: only compact JWS tokens can be verified against managed keys.`,
        },
      ],
    }
  }
  const header = decoded.signatures[0]!.joseHeader
  const kid = typeof header.kid === 'string' ? header.kid : null
  const alg = typeof header.alg === 'string' ? header.alg : null
  const base = { ...empty, kid, alg }

  const data = context.store.read()
  const candidates = data.keys.filter((k) => (kid !== null ? k.kid === kid : k.alg === alg))
  if (candidates.length === 0) {
    const message =
      kid !== null
        ? `No key Signet manages has kid "${kid}".`
        : `The token has no kid, and no key Signet manages signs with ${alg ?? 'its alg'}.`
    return { ...base, problems: [{ code: 'KEY_UNKNOWN', message }] }
  }

  const problems: VerifyProblem[] = []
  for (const key of candidates) {
    const set = data.keySets.find((s) => s.id === key.setId) ?? null
    const outcome = await tryKey(context, decoded.token, key, set)
    if (outcome.kind === 'no-key') {
      problems.push(outcome.problem)
      continue
    }
    if (outcome.kind === 'bad-signature') {
      problems.push(outcome.problem)
      continue
    }
    const keyProblems = stateProblems(key)
    const all = [...outcome.problems, ...keyProblems]
    return {
      valid: all.length === 0,
      signatureValid: true,
      kid: key.kid,
      alg,
      set: set?.name ?? null,
      keyState: key.state,
      claims: outcome.claims,
      problems: all,
    }
  }
  const only = candidates.length === 1 ? candidates[0]! : null
  return {
    ...base,
    set: only ? (data.keySets.find((s) => s.id === only.setId)?.name ?? null) : null,
    keyState: only?.state ?? null,
    problems,
  }
}

type Outcome =
  | { kind: 'no-key'; problem: VerifyProblem }
  | { kind: 'bad-signature'; problem: VerifyProblem }
  | { kind: 'verified'; claims: Record<string, unknown>; problems: VerifyProblem[] }

async function tryKey(context: VerifyContext, token: string, key: KeyRecord, set: KeySet | null): Promise<Outcome> {
  let verificationKey: Awaited<ReturnType<typeof importJWK>>
  try {
    if (key.publicJwk) {
      verificationKey = await importJWK(key.publicJwk, key.alg)
    } else {
      if (key.state === 'destroyed')
        return {
          kind: 'no-key',
          problem: {
            code: 'KEY_DESTROYED',
            message: `Key "${key.kid}" (${key.alg}) was destroyed; its secret is gone, so its tokens can no longer be checked.`,
          },
        }
      const secret = await withdrawSecret(context.keychain, key)
      verificationKey = await importJWK({ kty: 'oct', k: secret.k }, key.alg)
    }
  } catch (error) {
    const message = isSignetError(error) ? error.message : `The key "${key.kid}" could not be loaded.`
    return { kind: 'no-key', problem: { code: 'KEY_UNUSABLE', message } }
  }
  const options = {
    algorithms: [key.alg],
    clockTolerance: set?.clockSkew ?? 0,
    currentDate: context.now(),
    ...(set?.issuer ? { issuer: set.issuer } : {}),
  }
  try {
    const { payload } = await jwtVerify(token, verificationKey, options)
    return { kind: 'verified', claims: payload as Record<string, unknown>, problems: [] }
  } catch (error) {
    if (error instanceof joseErrors.JOSEAlgNotAllowed) {
      return {
        kind: 'bad-signature',
        problem: {
          code: 'ALG_MISMATCH',
          message: `The token's alg is not ${key.alg}, the algorithm of key "${key.kid}"; a token does not get to choose its own algorithm.`,
        },
      }
    }
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
      return {
        kind: 'bad-signature',
        problem: {
          code: 'SIGNATURE_INVALID',
          message: `The signature does not verify with key "${key.kid}": the token was altered or signed with another key.`,
        },
      }
    }
    if (error instanceof joseErrors.JWTExpired || error instanceof joseErrors.JWTClaimValidationFailed) {
      // The signature held (jose checks claims only after it); report the claim and keep the payload.
      return {
        kind: 'verified',
        claims: error.payload as JWTPayload as Record<string, unknown>,
        problems: [claimProblem(error, set)],
      }
    }
    const detail = error instanceof Error ? error.message.split('\n')[0]!.slice(0, 160) : 'unknown reason'
    return {
      kind: 'bad-signature',
      problem: { code: 'TOKEN_INVALID', message: `The token could not be verified with key "${key.kid}" (${detail}).` },
    }
  }
}

function claimProblem(
  error: InstanceType<typeof joseErrors.JWTClaimValidationFailed> | InstanceType<typeof joseErrors.JWTExpired>,
  set: KeySet | null,
): VerifyProblem {
  const skew = set ? ` (allowing ${set.clockSkew}s of clock skew)` : ''
  if (error instanceof joseErrors.JWTExpired) return { code: 'TOKEN_EXPIRED', message: `The token has expired${skew}.` }
  if (error.claim === 'nbf')
    return { code: 'TOKEN_NOT_YET_VALID', message: `The token is not valid yet: its "nbf" is in the future${skew}.` }
  if (error.claim === 'iss')
    return {
      code: 'ISSUER_MISMATCH',
      message: `The token's "iss" is not ${JSON.stringify(set?.issuer)}, the issuer of set "${set?.name}".`,
    }
  return { code: 'CLAIM_INVALID', message: `The "${error.claim}" claim is not acceptable: ${error.reason}.` }
}

function stateProblems(key: KeyRecord): VerifyProblem[] {
  if (key.state === 'compromised')
    return [
      {
        code: 'KEY_COMPROMISED',
        message: `Key "${key.kid}" is marked compromised: anyone may have signed this token. Do not trust it.`,
      },
    ]
  if (!isPublished(key.state))
    return [
      {
        code: 'KEY_NOT_PUBLISHED',
        message: `Key "${key.kid}" is ${key.state}: it is no longer in the JWKS, so verifiers reject this token.`,
      },
    ]
  return []
}
