import { SignetError } from '#shared/errors'
import {
  jweContentAlgorithms,
  jweKeyManagementAlgorithms,
  type SetInfo,
  type SignTokenInput,
} from '#shared/contract/keys'
import { lifetimeProblem } from '#shared/managed-keys/signing-rules'
import { privateJwkMembers, type KeyInfo } from '#shared/managed-keys/types'
import { formatDuration, parseDuration } from '#shared/time/duration'
import { isJsonObject, parseJson, type JsonValue } from '#shared/encoding/json'

/**
 * The Sign form, checked as the user types and turned into a sign:token input: the same rules the
 * service applies (claim types, the set's issuer, its maximum lifetime, exp given once), so a
 * problem is shown where it is before anything is sent. The service checks everything again.
 */

export interface SignForm {
  /** the claims editor's text: a JSON object */
  claimsText: string
  /** '' leaves typ out */
  typ: string
  cty: string
  /** a duration; '' uses the set's default lifetime */
  expiresIn: string
  /** a duration; '' sets no nbf, "0s" makes it valid from now */
  notBefore: string
  jti: boolean
  /** null: the set's active key */
  kid: string | null
  encrypt: boolean
  recipientText: string
  /** '' lets the service choose from the recipient key's type */
  jweAlg: string
  jweEnc: string
}

export type SignField = 'claims' | 'expiresIn' | 'notBefore' | 'recipient' | 'key' | 'typ'

export interface SignProblem {
  field: SignField
  message: string
  /** offset in the claims text the problem is about */
  offset?: number
  length?: number
}

export interface SignPlan {
  input: SignTokenInput | null
  problems: SignProblem[]
  /** when the token would expire, ms since the epoch (for the preview), when known */
  expiresAt: number | null
  /** where exp comes from, in words */
  expSource: string
  /** the key that would sign, and whether it is the active one */
  key: KeyInfo | null
}

const numericDateClaims = ['exp', 'nbf', 'iat'] as const
const stringClaims = ['iss', 'sub', 'jti'] as const

export interface ClaimsCheck {
  claims: Record<string, unknown> | null
  problems: SignProblem[]
}

/** Parses and checks the claims text: an object, no duplicate names, the registered claims with the right types, iss agreeing with the set. */
export function checkClaims(text: string, set: Pick<SetInfo, 'name' | 'issuer'> | null): ClaimsCheck {
  if (text.trim() === '') return { claims: {}, problems: [] }
  let parsed
  try {
    parsed = parseJson(text, 'claims')
  } catch (error) {
    const location = error instanceof SignetError ? error.location : undefined
    return {
      claims: null,
      problems: [
        {
          field: 'claims',
          message:
            error instanceof Error
              ? error.message.replace(/ It decodes to: .*$/, '')
              : 'The claims are not valid JSON.',
          offset: location?.offset,
          length: 1,
        },
      ],
    }
  }
  if (!isJsonObject(parsed.value))
    return {
      claims: null,
      problems: [
        { field: 'claims', message: 'The claims must be a JSON object: { "sub": "…", … }.', offset: 0, length: 1 },
      ],
    }
  const claims = parsed.value
  const problems: SignProblem[] = []
  const at = (name: string) => ({
    offset: parsed.memberOffsets[name],
    length: JSON.stringify(claims[name] ?? null).length,
  })
  for (const duplicate of parsed.duplicates.filter((d) => d.path === '')) {
    problems.push({
      field: 'claims',
      message: `"${duplicate.member}" appears more than once; verifiers disagree about which one counts. Keep one.`,
      offset: duplicate.offset,
      length: duplicate.member.length + 2,
    })
  }
  for (const name of numericDateClaims) {
    const value = claims[name]
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
      problems.push({
        field: 'claims',
        message: `"${name}" must be a NumericDate (seconds since 1970), not ${describe(value)}.`,
        ...at(name),
      })
    }
  }
  for (const name of stringClaims) {
    if (claims[name] !== undefined && typeof claims[name] !== 'string')
      problems.push({
        field: 'claims',
        message: `"${name}" must be a string, not ${describe(claims[name])}.`,
        ...at(name),
      })
  }
  const aud = claims.aud
  if (
    aud !== undefined &&
    typeof aud !== 'string' &&
    !(Array.isArray(aud) && aud.every((a) => typeof a === 'string'))
  ) {
    problems.push({ field: 'claims', message: '"aud" must be a string or an array of strings.', ...at('aud') })
  }
  if (set && set.issuer !== null && claims.iss !== undefined && claims.iss !== set.issuer) {
    problems.push({
      field: 'claims',
      message: `"iss" differs from set ${set.name}’s issuer ${JSON.stringify(set.issuer)}. Leave "iss" out: Signet fills it in.`,
      ...at('iss'),
    })
  }
  return { claims, problems }
}

export function buildSignRequest(
  form: SignForm,
  set: SetInfo | null,
  keys: readonly KeyInfo[],
  nowMs: number,
): SignPlan {
  const problems: SignProblem[] = []
  const own = set ? keys.filter((k) => k.setId === set.id) : []
  const key = form.kid ? (own.find((k) => k.kid === form.kid) ?? null) : (own.find((k) => k.state === 'active') ?? null)
  if (!set) problems.push({ field: 'key', message: 'Choose a key set.' })
  else if (!key)
    problems.push({
      field: 'key',
      message: form.kid
        ? `Key ${form.kid} is not in set ${set.name}.`
        : `Set ${set.name} has no active key: activate one on Keys, or choose another key.`,
    })
  else if (key.state === 'destroyed' || key.state === 'compromised')
    problems.push({ field: 'key', message: `${key.kid} is ${key.state}: Signet does not sign with it.` })
  else if (key.secret === 'missing')
    problems.push({ field: 'key', message: `The private key of ${key.kid} is missing from the keychain.` })

  const { claims, problems: claimProblems } = checkClaims(form.claimsText, set)
  problems.push(...claimProblems)

  const now = Math.floor(nowMs / 1000)
  let expiresAt: number | null = null
  let expSource = ''
  let expiresIn: number | undefined
  if (claims && typeof claims.exp === 'number') {
    expiresAt = claims.exp * 1000
    expSource = '"exp" in the claims'
    if (claims.exp <= now) problems.push({ field: 'claims', message: '"exp" is not in the future.' })
  } else if (form.expiresIn.trim() !== '') {
    try {
      expiresIn = parseDuration(form.expiresIn, 'the lifetime')
      if (expiresIn < 1) problems.push({ field: 'expiresIn', message: 'A token must live at least 1s.' })
      expiresAt = (now + expiresIn) * 1000
      expSource = `expires in ${formatDuration(expiresIn)}`
    } catch (error) {
      problems.push({ field: 'expiresIn', message: error instanceof Error ? error.message : 'Not a duration.' })
    }
  } else if (set) {
    expiresAt = (now + set.defaultTokenLifetime) * 1000
    expSource = `the set’s default lifetime, ${formatDuration(set.defaultTokenLifetime)}`
  }
  const tooLong = set && expiresAt !== null ? lifetimeProblem(expiresAt / 1000 - now, set) : null
  if (tooLong)
    problems.push({ field: claims && typeof claims.exp === 'number' ? 'claims' : 'expiresIn', message: tooLong.short })

  let notBefore: number | undefined
  if (claims && claims.nbf !== undefined) {
    if (typeof claims.nbf === 'number' && expiresAt !== null && claims.nbf * 1000 >= expiresAt)
      problems.push({ field: 'claims', message: '"nbf" is not before "exp": the token would never be valid.' })
  } else if (form.notBefore.trim() !== '') {
    try {
      notBefore = parseDuration(form.notBefore, 'the not-before delay')
      if (expiresAt !== null && (now + notBefore) * 1000 >= expiresAt)
        problems.push({ field: 'notBefore', message: 'It would become valid only after it expires.' })
    } catch (error) {
      problems.push({ field: 'notBefore', message: error instanceof Error ? error.message : 'Not a duration.' })
    }
  }

  let encryptTo: SignTokenInput['encryptTo']
  if (form.encrypt) {
    const recipient = parseRecipient(form.recipientText)
    if ('problem' in recipient) problems.push({ field: 'recipient', message: recipient.problem })
    else {
      encryptTo = { jwk: recipient.jwk }
      if (form.jweAlg) encryptTo.alg = form.jweAlg as (typeof jweKeyManagementAlgorithms)[number]
      if (form.jweEnc) encryptTo.enc = form.jweEnc as (typeof jweContentAlgorithms)[number]
    }
  }

  const typ = form.typ.trim()
  if (typ.length > 64) problems.push({ field: 'typ', message: 'typ is at most 64 characters.' })

  if (problems.length > 0 || !set || !claims) return { input: null, problems, expiresAt, expSource, key }
  const input: SignTokenInput = {
    set: set.id,
    claims,
    typ: typ === '' ? null : typ,
    jti: form.jti,
    ...(form.kid && key && key.state !== 'active' ? { kid: form.kid } : {}),
    ...(form.cty.trim() ? { cty: form.cty.trim() } : {}),
    ...(expiresIn !== undefined ? { expiresIn } : {}),
    ...(notBefore !== undefined ? { notBefore } : {}),
    ...(encryptTo ? { encryptTo } : {}),
  }
  return { input, problems, expiresAt, expSource, key }
}

/** The recipient of a JWE: a public JWK (a JWKS of one key is accepted), never a private one. */
export function parseRecipient(text: string): { jwk: Record<string, unknown> } | { problem: string } {
  if (text.trim() === '') return { problem: 'Paste the recipient’s public key as a JWK.' }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { problem: 'The recipient key is not valid JSON; paste a JWK such as {"kty":"RSA","n":"…","e":"AQAB"}.' }
  }
  if (isJsonObject(value) && Array.isArray(value.keys)) {
    if (value.keys.length !== 1)
      return { problem: `This JWKS holds ${value.keys.length} keys; paste the one to encrypt to.` }
    value = value.keys[0]
  }
  if (!isJsonObject(value as JsonValue) || typeof (value as Record<string, unknown>).kty !== 'string')
    return { problem: 'The recipient key must be a JWK: a JSON object with "kty".' }
  const jwk = value as Record<string, unknown>
  const secret = privateJwkMembers.find((member) => member in jwk)
  if (secret)
    return {
      problem: `This JWK carries the private member "${secret}". Paste the recipient’s public key only — and treat this private key as exposed.`,
    }
  return { jwk }
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`
  return `a ${typeof value}`
}
