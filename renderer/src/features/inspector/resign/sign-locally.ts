import { CompactSign, importJWK, importPKCS8, type CryptoKey, type JWK } from 'jose'
import { encodeBase64url } from '#shared/encoding/base64url'
import { SignetError } from '#shared/errors'
import { jwsAlgorithms } from '#shared/key-material/algorithms'
import { looksLikePem } from '#shared/key-material/pem'
import { parseSecret } from '#shared/key-material/secret'
import { maxKeyTextChars, maxTokenChars } from '#shared/limits'
import { jsonSyntaxProblem } from '#shared/encoding/json-syntax'
import { plural } from '#shared/text/plural'

/**
 * Re-signing an edited token in the renderer, for testing one's own verifiers (what jwt.io's
 * encoder and JWT Editor do): a JOSE header and JWT claims as JSON text, signed with a key the user
 * pasted — an HMAC secret, a private key as PKCS#8 PEM, or a private JWK — or, only when chosen
 * explicitly, left unsecured (RFC 7519 §6, alg "none"). The pasted key lives in the page's memory
 * for this one call: it is never stored and never sent to the main process.
 */

export type LocalSigningKey = { kind: 'pasted'; text: string } | { kind: 'unsecured' }

export interface EditedToken {
  /** the JOSE header as JSON text; its "alg" picks the algorithm (RFC 7515 §4.1.1) */
  header: string
  /** the JWT Claims Set as JSON text (RFC 7519 §4) */
  claims: string
}

/**
 * @returns the JWS Compact Serialization (RFC 7515 §7.1) of the claims under the header, or for
 *   `unsecured` the Unsecured JWT (RFC 7519 §6.1: empty signature, header alg "none")
 * @throws SignetError ERR_SIGN_HEADER_INVALID (the header is not a JSON object with a usable alg),
 *   ERR_SIGN_CLAIMS_INVALID (the claims are not a JSON object, or too long),
 *   ERR_SIGN_KEY_UNSUITABLE (the key cannot sign with the header's alg, or is only a public key),
 *   ERR_SECRET_INVALID (an empty secret)
 */
export async function signLocally(edited: EditedToken, key: LocalSigningKey): Promise<string> {
  const header = readJsonObject(edited.header, 'header', 'ERR_SIGN_HEADER_INVALID')
  const claims = readJsonObject(edited.claims, 'claims', 'ERR_SIGN_CLAIMS_INVALID')
  const payload = new TextEncoder().encode(JSON.stringify(claims))
  const alg = header.alg

  if (key.kind === 'unsecured') {
    const unsecuredHeader = { ...header, alg: 'none' }
    return `${encodeBase64url(new TextEncoder().encode(JSON.stringify(unsecuredHeader)))}.${encodeBase64url(payload)}.`
  }
  if (alg === 'none') {
    throw new SignetError(
      'ERR_SIGN_HEADER_INVALID',
      'The header says alg "none", but a key was given. Choose "Unsecured (alg: none)" to make an unsigned token on purpose, or set alg to the key’s algorithm.',
    )
  }
  if (typeof alg !== 'string' || !(alg in jwsAlgorithms)) {
    throw new SignetError(
      'ERR_SIGN_HEADER_INVALID',
      `The header's "alg" must name a JWS algorithm Signet signs with (${Object.keys(jwsAlgorithms).join(', ')}); it is ${JSON.stringify(alg ?? null)}.`,
    )
  }
  const signingKey = await importSigningKey(key.text, alg)
  try {
    return await new CompactSign(payload).setProtectedHeader(header as { alg: string }).sign(signingKey)
  } catch (error) {
    throw new SignetError(
      'ERR_SIGN_KEY_UNSUITABLE',
      `The token could not be signed with ${alg}: ${error instanceof Error ? error.message : String(error)}. Check that the key fits the header's alg.`,
    )
  }
}

/** The header or claims text as a JSON object, or the error saying what is wrong with it. */
export function readJsonObject(
  text: string,
  what: 'header' | 'claims',
  code: 'ERR_SIGN_HEADER_INVALID' | 'ERR_SIGN_CLAIMS_INVALID',
): Record<string, unknown> {
  if (text.length > maxTokenChars) {
    throw new SignetError(
      code,
      `The ${what} is ${plural(text.length, 'character')} long; Signet signs at most ${plural(maxTokenChars, 'character')}.`,
    )
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new SignetError(
      code,
      `The ${what} is not valid JSON: ${jsonSyntaxProblem(text)}. Fix it in the ${what} editor.`,
    )
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SignetError(
      code,
      `The ${what} must be a JSON object ({ … }), not ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}.`,
    )
  }
  return value as Record<string, unknown>
}

async function importSigningKey(text: string, alg: string): Promise<CryptoKey | Uint8Array> {
  if (text.length > maxKeyTextChars) {
    throw new SignetError(
      'ERR_SIGN_KEY_UNSUITABLE',
      `The key is ${plural(text.length, 'character')} long; Signet reads key text of at most ${plural(maxKeyTextChars, 'character')}.`,
    )
  }
  const trimmed = text.trim()
  const needs = jwsAlgorithms[alg as keyof typeof jwsAlgorithms].kty
  if (trimmed.startsWith('{')) return importPrivateJwk(trimmed, alg, needs)
  if (looksLikePem(trimmed)) return importPrivatePem(trimmed, alg)
  if (needs !== 'oct') {
    throw new SignetError(
      'ERR_SIGN_KEY_UNSUITABLE',
      `${alg} signs with a private ${needs} key (PKCS#8 PEM or a JWK with "d"); the text given reads as an HMAC secret.`,
    )
  }
  // The same reading ("Detect") the key panel uses to verify, so the token verifies with the very text pasted.
  return parseSecret(text, 'auto').bytes
}

async function importPrivateJwk(text: string, alg: string, needs: string): Promise<CryptoKey | Uint8Array> {
  let jwk: JWK
  try {
    jwk = JSON.parse(text) as JWK
  } catch {
    // never JSON.parse's message: it quotes the text, here a private key
    throw new SignetError(
      'ERR_SIGN_KEY_UNSUITABLE',
      `The key looks like a JWK but is not valid JSON (${jsonSyntaxProblem(text)}); its text is not shown.`,
    )
  }
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk) || 'keys' in jwk) {
    throw new SignetError(
      'ERR_SIGN_KEY_UNSUITABLE',
      'Signing needs one private JWK, not a JWK Set: paste the single key that signs.',
    )
  }
  if (jwk.kty !== needs)
    throw new SignetError(
      'ERR_SIGN_KEY_UNSUITABLE',
      `${alg} needs a ${needs} key; the JWK is kty ${JSON.stringify(jwk.kty ?? null)}.`,
    )
  if (jwk.kty !== 'oct' && typeof jwk.d !== 'string') {
    throw new SignetError('ERR_SIGN_KEY_UNSUITABLE', 'The JWK is a public key (no "d"): signing needs the private key.')
  }
  try {
    return await importJWK({ ...jwk, ext: true }, alg)
  } catch (error) {
    throw new SignetError(
      'ERR_SIGN_KEY_UNSUITABLE',
      `The JWK cannot sign with ${alg}: ${error instanceof Error ? error.message : String(error)}.`,
    )
  }
}

async function importPrivatePem(pem: string, alg: string): Promise<CryptoKey> {
  if (/-----BEGIN (RSA |EC )PRIVATE KEY-----/.test(pem)) {
    throw new SignetError(
      'ERR_SIGN_KEY_UNSUITABLE',
      'The PEM is a PKCS#1 / SEC 1 private key; Signet signs with PKCS#8 ("BEGIN PRIVATE KEY"). Convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem',
    )
  }
  if (!/-----BEGIN PRIVATE KEY-----/.test(pem)) {
    throw new SignetError(
      'ERR_SIGN_KEY_UNSUITABLE',
      'The PEM is not a private key (a public key or certificate can verify but not sign): paste the PKCS#8 private key ("BEGIN PRIVATE KEY").',
    )
  }
  try {
    return await importPKCS8(pem, alg, { extractable: false })
  } catch (error) {
    throw new SignetError(
      'ERR_SIGN_KEY_UNSUITABLE',
      `The private key cannot sign with ${alg}: ${error instanceof Error ? error.message : String(error)}.`,
    )
  }
}
