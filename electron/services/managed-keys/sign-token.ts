import { randomBytes } from 'node:crypto'
import { CompactEncrypt, importJWK, SignJWT, type JWK } from 'jose'
import { lifetimeProblem, notActiveKeyWarning } from '#shared/managed-keys/signing-rules'
import { SignetError } from '#shared/errors'
import type { SignResult, SignTokenInput } from '#shared/contract/keys'
import { privateJwkMembers, type KeyRecord, type KeySet, type Warning } from '#shared/managed-keys/types'
import { withdrawSecret } from './custody'
import { withKeyLock } from './lock'
import { announce, audit, requireKey, requireSet, withKeyUpdates, type KeyContext } from './repository'
import { settleDue } from './settle'
import { allocateStatusIndex } from '../revocations/allocate-index'
import type { StoreData } from '../../adapters/store-schema'
import { formatUtc } from '#shared/time/format-time'

/**
 * Signs a JWT with a set's active key (or, with a visible warning, another of its keys): iss from
 * the set, iat now, exp from the requested or default lifetime and never beyond the set's maximum,
 * a random jti, kid and alg from the key. Optionally wraps the result in a JWE for a recipient's
 * public key. The private key is read from the keychain for this one signature and dropped.
 */
export async function signToken(context: KeyContext, input: SignTokenInput): Promise<SignResult> {
  await settleDue(context)
  const data = context.store.read()
  const set = requireSet(data, input.set)
  const key = chooseKey(data, set, input.kid)
  const warnings: Warning[] = []
  if (key.state !== 'active') warnings.push(notActiveWarning(key, set))

  const nowSeconds = Math.floor(context.now().getTime() / 1000)
  const claims = buildClaims(input, set, nowSeconds)
  if (input.statusList !== undefined) {
    // Allocated once the key, jti and exp are known, so the note can name the signer: a compromised
    // key's still-live tokens are then found by their notes. An index allocated for a signature that
    // then fails stays used (indexes are never reused), which costs one index and nothing else.
    const reference = await allocateStatusIndex(context, {
      name: input.statusList,
      jti: typeof claims.jti === 'string' ? claims.jti.slice(0, 256) : null,
      sub: typeof claims.sub === 'string' ? claims.sub.slice(0, 256) : null,
      exp: claims.exp as number,
      kid: key.kid,
    })
    const status = claims.status
    claims.status = {
      ...(typeof status === 'object' && status !== null && !Array.isArray(status) ? status : {}),
      status_list: reference,
    }
  }
  const header: Record<string, unknown> = { alg: key.alg, kid: key.kid }
  if (input.typ !== null) header.typ = input.typ ?? 'JWT'
  if (input.cty !== undefined) header.cty = input.cty

  const secret = await withdrawSecret(context.keychain, key)
  const signingKey = await importJWK(keyMembers(secret), key.alg)
  let token = await new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(signingKey)

  let encrypted: SignResult['encrypted'] = null
  if (input.encryptTo) {
    const wrapped = await wrapInJwe(token, input.encryptTo)
    token = wrapped.token
    encrypted = { alg: wrapped.alg, enc: wrapped.enc }
  }

  if (key.state !== 'active') await recordSignedUntil(context, key, new Date((claims.exp as number) * 1000))

  await audit(
    context,
    {
      action: 'token.sign',
      subject: { set: set.name, kid: key.kid },
      details: {
        alg: key.alg,
        jti: typeof claims.jti === 'string' ? claims.jti.slice(0, 256) : null,
        sub: typeof claims.sub === 'string' ? claims.sub.slice(0, 256) : null,
        exp: claims.exp as number,
        keyState: key.state,
        encrypted: encrypted !== null,
      },
    },
    warnings,
  )
  return { token, set: set.name, kid: key.kid, alg: key.alg, header, claims, encrypted, warnings }
}

function chooseKey(data: StoreData, set: KeySet, kid: string | undefined): KeyRecord {
  let key: KeyRecord | undefined
  if (kid !== undefined) {
    key = requireKey(data, kid)
    if (key.setId !== set.id)
      throw new SignetError(
        'ERR_KEY_NOT_FOUND',
        `Key "${kid}" does not belong to set "${set.name}"; a set signs only with its own keys.`,
      )
  } else {
    key = data.keys.find((k) => k.setId === set.id && k.state === 'active')
    if (!key) {
      throw new SignetError(
        'ERR_SET_NO_ACTIVE_KEY',
        `Set "${set.name}" has no active key. Activate one (signet keys activate <kid>), generate one with --activate, or name a key with --kid.`,
      )
    }
  }
  if (key.state === 'destroyed')
    throw new SignetError('ERR_KEY_DESTROYED', `Key "${key.kid}" was destroyed: its private key no longer exists.`)
  if (key.state === 'compromised') {
    throw new SignetError(
      'ERR_KEY_COMPROMISED',
      `Key "${key.kid}" is marked compromised: Signet does not sign with it, since anyone may hold it. Sign with the set's active key.`,
    )
  }
  if (key.secret === 'missing') {
    throw new SignetError(
      'ERR_KEY_SECRET_MISSING',
      `The private key of "${key.kid}" is recorded as missing from the OS keychain; it cannot sign. Restore it from a backup, or compromise and replace it.`,
    )
  }
  return key
}

function notActiveWarning(key: KeyRecord, set: KeySet): Warning {
  return { code: 'WARN_NOT_ACTIVE_KEY', message: notActiveKeyWarning(key.kid, key.state, set.name) ?? '' }
}

const numericDateClaims = ['exp', 'nbf', 'iat'] as const
const stringClaims = ['iss', 'sub', 'jti'] as const

function buildClaims(input: SignTokenInput, set: KeySet, now: number): Record<string, unknown> {
  const given = input.claims
  for (const name of numericDateClaims) {
    const value = given[name]
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value)))
      invalidClaims(`"${name}" must be a NumericDate (seconds since 1970), not ${JSON.stringify(value)}`)
  }
  for (const name of stringClaims) {
    if (given[name] !== undefined && typeof given[name] !== 'string') invalidClaims(`"${name}" must be a string`)
  }
  const aud = given.aud
  if (aud !== undefined && typeof aud !== 'string' && !(Array.isArray(aud) && aud.every((a) => typeof a === 'string')))
    invalidClaims('"aud" must be a string or an array of strings')
  if (set.issuer !== null && given.iss !== undefined && given.iss !== set.issuer) {
    invalidClaims(
      `"iss" is ${JSON.stringify(given.iss)}, but set "${set.name}" issues as ${JSON.stringify(set.issuer)}; leave "iss" out and Signet fills it in`,
    )
  }
  if (given.exp !== undefined && input.expiresIn !== undefined)
    invalidClaims('give the lifetime either as "exp" in the claims or as expiresIn (--exp), not both')
  if (given.nbf !== undefined && input.notBefore !== undefined)
    invalidClaims('give "nbf" either in the claims or as notBefore, not both')

  const iat = (given.iat as number | undefined) ?? now
  const exp = (given.exp as number | undefined) ?? now + (input.expiresIn ?? set.defaultTokenLifetime)
  const nbf = (given.nbf as number | undefined) ?? (input.notBefore !== undefined ? now + input.notBefore : undefined)
  if (exp <= now) invalidClaims(`"exp" (${formatUtc(exp * 1000)}) is not in the future`)
  const tooLong = lifetimeProblem(exp - now, set)
  if (tooLong) throw new SignetError('ERR_SIGN_LIFETIME_EXCEEDED', tooLong.message)
  if (nbf !== undefined && nbf >= exp) invalidClaims('"nbf" is not before "exp": the token would never be valid')

  const claims: Record<string, unknown> = {}
  if (set.issuer !== null) claims.iss = set.issuer
  Object.assign(claims, given)
  claims.iat = iat
  if (nbf !== undefined) claims.nbf = nbf
  claims.exp = exp
  if (input.jti !== false && given.jti === undefined) claims.jti = randomBytes(16).toString('base64url')
  return claims
}

function invalidClaims(why: string): never {
  throw new SignetError('ERR_SIGN_CLAIMS_INVALID', `The claims cannot be signed: ${why}.`)
}

/** The key members only: jose must not see Signet's bookkeeping members. */
function keyMembers(jwk: JWK): JWK {
  const { kty, n, e, d, p, q, dp, dq, qi, crv, x, y, k } = jwk
  return Object.fromEntries(
    Object.entries({ kty, n, e, d, p, q, dp, dq, qi, crv, x, y, k }).filter(([, v]) => v !== undefined),
  ) as JWK
}

async function wrapInJwe(
  jws: string,
  recipient: NonNullable<SignTokenInput['encryptTo']>,
): Promise<{ token: string; alg: string; enc: string }> {
  const jwk = recipient.jwk as JWK
  const secretMember = privateJwkMembers.find((m) => m in jwk)
  if (secretMember) {
    throw new SignetError(
      'ERR_SIGN_RECIPIENT_KEY',
      `The recipient key carries the private member "${secretMember}": give the recipient's public key only.`,
    )
  }
  let alg = recipient.alg
  if (!alg) {
    if (jwk.kty === 'RSA') alg = 'RSA-OAEP-256'
    else if (jwk.kty === 'EC' || (jwk.kty === 'OKP' && jwk.crv === 'X25519')) alg = 'ECDH-ES+A256KW'
    else
      throw new SignetError(
        'ERR_SIGN_RECIPIENT_KEY',
        `Cannot encrypt to a ${String(jwk.kty)}${jwk.crv ? ` ${jwk.crv}` : ''} key: use the recipient's RSA, EC (P-256/384/521) or X25519 public key.`,
      )
  }
  const enc = recipient.enc ?? 'A256GCM'
  try {
    const key = await importJWK(jwk, alg)
    const header = { alg, enc, cty: 'JWT', ...(typeof jwk.kid === 'string' ? { kid: jwk.kid } : {}) }
    const token = await new CompactEncrypt(new TextEncoder().encode(jws)).setProtectedHeader(header).encrypt(key)
    return { token, alg, enc }
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0]!.slice(0, 160) : 'unknown reason'
    throw new SignetError(
      'ERR_SIGN_RECIPIENT_KEY',
      `The token could not be encrypted to this recipient key with ${alg} (${detail}). Check that it is the recipient's public encryption key and fits ${alg}.`,
    )
  }
}

async function recordSignedUntil(context: KeyContext, key: KeyRecord, exp: Date): Promise<void> {
  await withKeyLock(
    context.dataDir,
    { operation: 'token.sign', doing: `recording a token signed by ${key.kid}` },
    async () => {
      const now = context.now()
      const current = context.store.read().keys.find((k) => k.id === key.id)
      if (!current || (current.signedUntil && new Date(current.signedUntil) >= exp)) return
      context.store.update((data) => withKeyUpdates(data, [{ ...current, signedUntil: exp.toISOString() }], now))
    },
  )
  announce(context, 'token.sign', null, [key.kid])
}
