import { isJsonObject } from '../../../encoding/json'
import { quote } from '../mask'
import type { Finding, HeaderView, Rule } from '../types'

/** Algorithms registered for JWS and JWE (RFC 7518, RFC 8037, RFC 8812) that a verifier may meet. */
const knownSignatureAlgs = new Set([
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'ES256K',
  'EdDSA',
  'Ed25519',
  'Ed448',
  'none',
])
const knownKeyManagementAlgs = new Set([
  'RSA1_5',
  'RSA-OAEP',
  'RSA-OAEP-256',
  'RSA-OAEP-384',
  'RSA-OAEP-512',
  'A128KW',
  'A192KW',
  'A256KW',
  'dir',
  'ECDH-ES',
  'ECDH-ES+A128KW',
  'ECDH-ES+A192KW',
  'ECDH-ES+A256KW',
  'A128GCMKW',
  'A192GCMKW',
  'A256GCMKW',
  'PBES2-HS256+A128KW',
  'PBES2-HS384+A192KW',
  'PBES2-HS512+A256KW',
])
/** Header parameters Signet's verifier understands when they are listed in "crit" (RFC 7515 §4.1.11). */
const understoodCritical = new Set(['b64'])
/** Names the JWS/JWE specs define; RFC 7515 §4.1.11 forbids listing them in "crit". */
const registeredHeaderNames = new Set([
  'alg',
  'jku',
  'jwk',
  'kid',
  'x5u',
  'x5c',
  'x5t',
  'x5t#S256',
  'typ',
  'cty',
  'crit',
  'enc',
  'zip',
  'epk',
  'apu',
  'apv',
  'iv',
  'tag',
  'p2s',
  'p2c',
])

export const algorithmRules: Rule = ({ token, headers }) => {
  const findings: Finding[] = []
  for (const view of headers) {
    findings.push(...algFindings(view, token.type))
    findings.push(...critFindings(view))
    if (token.type === 'jwe') findings.push(...jweFindings(view))
  }
  return findings
}

function algFindings({ header, segment }: HeaderView, type: 'jws' | 'jwe'): Finding[] {
  const alg = header.alg
  const location = { segment, path: 'alg' }
  if (alg === undefined) {
    return [
      {
        id: 'alg-missing',
        severity: 'high',
        title: 'No "alg" header parameter',
        message: `The ${segment} has no "alg"; RFC 7515 §4.1.1 requires it. A verifier that falls back to a default algorithm, or to the key's, can be steered into accepting a forgery.`,
        remediation: 'Reject tokens without "alg". Configure verifiers with an explicit allow-list of algorithms.',
        location,
        reference: 'RFC 7515 §4.1.1',
      },
    ]
  }
  if (typeof alg !== 'string') {
    return [
      {
        id: 'alg-missing',
        severity: 'high',
        title: '"alg" is not a string',
        message: `"alg" in the ${segment} is ${quote(alg)}, not a string; libraries disagree on what such a value means.`,
        remediation: 'Reject the token; "alg" must be a string naming a registered algorithm.',
        location,
        reference: 'RFC 7515 §4.1.1',
      },
    ]
  }
  if (alg === 'none') {
    return [
      {
        id: 'alg-none',
        severity: 'high',
        title: 'Unsecured token (alg "none")',
        message: `The ${segment} declares alg "none": the token carries no signature, so anyone can write one with any claims.`,
        remediation:
          'Never accept alg "none" where a signed token is expected; pin the allowed algorithms in the verifier (e.g. jose jwtVerify with { algorithms: ["ES256"] }).',
        location,
        reference: 'RFC 8725 §3.1, RFC 7519 §6',
      },
    ]
  }
  if (alg.trim().toLowerCase() === 'none') {
    return [
      {
        id: 'alg-none-variant',
        severity: 'high',
        title: `"alg" is a disguised "none" (${quote(alg)})`,
        message: `The ${segment} declares alg ${quote(alg)}. Algorithm names are case-sensitive, so this is not "none" to a strict library, but case-insensitive comparisons in some verifiers have turned it into an unsecured token (CVE-2015-9235 family). This is a classic forgery attempt.`,
        remediation: 'Reject the token. Compare "alg" exactly against an allow-list of the algorithms you issue.',
        location,
        reference: 'RFC 8725 §3.1',
      },
    ]
  }
  if (alg === 'RSA1_5') {
    return [
      {
        id: 'rsa1_5',
        severity: 'high',
        title: 'RSA1_5 key management (RSAES-PKCS1-v1_5)',
        message: `The ${segment} uses alg "RSA1_5": PKCS #1 v1.5 encryption is open to Bleichenbacher-style padding-oracle attacks that recover the content key, and is being deprecated for JOSE.`,
        remediation: 'Encrypt with RSA-OAEP-256 (or ECDH-ES) instead, and have decrypters refuse RSA1_5.',
        location,
        reference: 'RFC 8725 §3.2, draft-ietf-jose-deprecate-none-rsa15',
      },
    ]
  }
  const known = type === 'jws' ? knownSignatureAlgs : knownKeyManagementAlgs
  if (!known.has(alg)) {
    return [
      {
        id: 'alg-unrecognized',
        severity: 'low',
        title: `Unrecognised algorithm ${quote(alg)}`,
        message: `${quote(alg)} in the ${segment} is not a registered ${type === 'jws' ? 'JWS signature' : 'JWE key-management'} algorithm; standard verifiers will refuse it, custom ones may misread it.`,
        remediation: 'Use a registered algorithm (RFC 7518); check the issuer configuration for a typo.',
        location,
        reference: 'RFC 7518 §3.1, §4.1',
      },
    ]
  }
  return []
}

function critFindings({ header, segment }: HeaderView): Finding[] {
  const findings: Finding[] = []
  const crit = header.crit
  const b64 = header.b64
  if (b64 === false) {
    const listed = Array.isArray(crit) && crit.includes('b64')
    findings.push({
      id: 'b64-false',
      severity: listed ? 'medium' : 'high',
      title: 'Unencoded payload ("b64": false)',
      message: listed
        ? `The ${segment} sets "b64": false (RFC 7797): the payload is signed as raw bytes, not base64url. Verifiers that do not implement RFC 7797 compute a different signing input and reject it, or worse, mishandle it.`
        : `The ${segment} sets "b64": false but does not list "b64" in "crit", which RFC 7797 §6 requires. A verifier unaware of RFC 7797 will verify a different signing input than the signer used.`,
      remediation: listed
        ? 'Make sure every consumer implements RFC 7797; otherwise issue ordinary base64url-encoded payloads.'
        : 'Reject the token; a "b64": false token must carry "crit": ["b64"].',
      location: { segment, path: 'b64' },
      reference: 'RFC 7797 §3, §6',
    })
  }
  if (crit === undefined) return findings
  if (!Array.isArray(crit) || crit.length === 0 || !crit.every((name) => typeof name === 'string')) {
    findings.push({
      id: 'crit-invalid',
      severity: 'medium',
      title: 'Malformed "crit" header parameter',
      message: `"crit" in the ${segment} is ${quote(crit)}; RFC 7515 §4.1.11 requires a non-empty array of header parameter names, and says a token with a malformed "crit" must be rejected.`,
      remediation: 'Reject the token, and fix the issuer so that "crit" lists only extension parameters it uses.',
      location: { segment, path: 'crit' },
      reference: 'RFC 7515 §4.1.11',
    })
    return findings
  }
  const names = crit as string[]
  const registered = names.filter((name) => registeredHeaderNames.has(name))
  if (registered.length > 0) {
    findings.push({
      id: 'crit-invalid',
      severity: 'medium',
      title: '"crit" lists registered header names',
      message: `"crit" in the ${segment} lists ${registered.map((n) => quote(n)).join(', ')}, which RFC 7515 §4.1.11 forbids (only extensions belong in "crit").`,
      remediation: 'Reject the token; list only extension parameters in "crit".',
      location: { segment, path: 'crit' },
      reference: 'RFC 7515 §4.1.11',
    })
  }
  const missing = names.filter((name) => !(name in header))
  if (missing.length > 0) {
    findings.push({
      id: 'crit-invalid',
      severity: 'medium',
      title: '"crit" names parameters that are absent',
      message: `"crit" in the ${segment} lists ${missing.map((n) => quote(n)).join(', ')}, but the header does not contain ${missing.length === 1 ? 'it' : 'them'}.`,
      remediation: 'Reject the token; every name in "crit" must be present in the header.',
      location: { segment, path: 'crit' },
      reference: 'RFC 7515 §4.1.11',
    })
  }
  const unknown = names.filter((name) => !understoodCritical.has(name) && !registeredHeaderNames.has(name))
  if (unknown.length > 0) {
    findings.push({
      id: 'crit-unknown',
      severity: 'medium',
      title: 'Critical header parameters that verifiers do not understand',
      message: `The ${segment} marks ${unknown.map((n) => quote(n)).join(', ')} as critical. A conforming verifier that does not implement ${unknown.length === 1 ? 'it' : 'them'} must reject the token; one that accepts it is ignoring "crit".`,
      remediation: 'Confirm that every consumer implements these extensions; otherwise stop issuing them as critical.',
      location: { segment, path: 'crit' },
      reference: 'RFC 7515 §4.1.11',
    })
  }
  return findings
}

function jweFindings({ header, segment }: HeaderView): Finding[] {
  const findings: Finding[] = []
  if (header.zip !== undefined) {
    findings.push({
      id: 'jwe-compression',
      severity: 'low',
      title: 'Compressed plaintext ("zip")',
      message: `The ${segment} sets "zip": ${quote(header.zip)}. Compressing before encrypting lets the ciphertext length reveal how much attacker-influenced data matches the secret parts (CRIME/BREACH-style).`,
      remediation: 'Do not compress when the plaintext mixes secrets with attacker-controlled data.',
      location: { segment, path: 'zip' },
      reference: 'RFC 8725 §3.6',
    })
  }
  const p2c = header.p2c
  if (typeof header.alg === 'string' && header.alg.startsWith('PBES2') && typeof p2c === 'number') {
    if (p2c > 1_000_000) {
      findings.push({
        id: 'pbes2-count',
        severity: 'medium',
        title: 'Huge PBES2 iteration count',
        message: `"p2c" is ${p2c}: a decrypter that honours it spends seconds to minutes of CPU on one token, a denial-of-service lever (CVE-2022-36083 class).`,
        remediation: 'Cap p2c in decrypters (jose: maxPBES2Count) and reject tokens above the cap.',
        location: { segment, path: 'p2c' },
        reference: 'RFC 7518 §4.8.1.2',
      })
    } else if (p2c < 1000) {
      findings.push({
        id: 'pbes2-count',
        severity: 'medium',
        title: 'Low PBES2 iteration count',
        message: `"p2c" is ${p2c}; RFC 7518 recommends at least 1000, and modern guidance far more, so the password is cheap to brute-force.`,
        remediation: 'Use at least 600 000 iterations for PBES2-HS256+A128KW, or a key-based algorithm.',
        location: { segment, path: 'p2c' },
        reference: 'RFC 7518 §4.8.1.2',
      })
    }
  }
  if (isJsonObject(header.epk) && header.epk.d !== undefined) {
    findings.push({
      id: 'jwk-private',
      severity: 'high',
      title: 'Ephemeral private key in "epk"',
      message: `The "epk" in the ${segment} contains a private key ("d"): anyone holding the token can derive the content key.`,
      remediation: 'Fix the encrypter: "epk" must carry only the public part of the ephemeral key.',
      location: { segment, path: 'epk.d' },
      reference: 'RFC 7518 §4.6.1.1',
    })
  }
  return findings
}
