import { weakSecretTargets, type WeakSecretTarget } from '../../weak-secrets/check'
import { equalBytes, isHmacAlgorithm, nobleHmac } from '../../weak-secrets/hmac'
import type { Finding, HeaderView, LintPublicKey, Rule } from '../types'

/**
 * HS/RS key confusion (CVE-2015-9235, CVE-2016-10555): a verifier that takes "alg" from the token
 * and hands it "the key" — an RSA or EC public key, as PEM text or JWK JSON — computes an HMAC with
 * the public key's bytes as the secret. Anyone holding the public key can then mint tokens.
 */
export const keyConfusionRules: Rule = ({ token, headers, publicKey }) => {
  if (!publicKey || token.type !== 'jws') return []
  const findings: Finding[] = []
  for (const view of headers) {
    const alg = view.header.alg
    if (typeof alg !== 'string') continue
    if (isHmacAlgorithm(alg) && ['RSA', 'EC', 'OKP'].includes(publicKey.kty)) {
      findings.push(confusionFinding(alg, view, publicKey, token))
      continue
    }
    const mismatch = algKeyMismatch(alg, publicKey)
    if (mismatch) {
      findings.push({
        id: 'alg-key-mismatch',
        severity: 'medium',
        title: `${alg} does not fit the ${describeKey(publicKey)} at hand`,
        message: `The ${view.segment} declares ${alg}, but ${mismatch}. Either this is not the issuer's key, or the token was altered to steer a verifier onto another algorithm.`,
        remediation:
          'Verify with the key the issuer publishes for this kid, and pin the algorithm per key (a JWK\'s "alg").',
        location: { segment: view.segment, path: 'alg' },
        reference: 'RFC 8725 §3.1',
      })
    }
  }
  return findings
}

function confusionFinding(
  alg: string,
  view: HeaderView,
  publicKey: LintPublicKey,
  token: Parameters<Rule>[0]['token'],
): Finding {
  const location = { segment: view.segment, path: 'alg' }
  const targets = weakSecretTargets(token).filter((target) => target.signatureIndex === (view.signatureIndex ?? 0))
  const confirmed = confusionSecrets(publicKey).find((candidate) =>
    targets.some((target) => verifies(target, candidate.key)),
  )
  if (confirmed) {
    return {
      id: 'key-confusion-confirmed',
      severity: 'high',
      title: 'Key confusion confirmed: HMAC keyed with the public key',
      message: `The ${alg} signature verifies with ${confirmed.label} of the ${describeKey(publicKey)} used as the HMAC secret. Whoever made this token needed only the public key: a verifier that lets the token pick "alg" accepts it as genuine.`,
      remediation:
        'Treat tokens like this as forged. Fix the verifier to pin the algorithm to the key type (jose: pass the algorithms option; never accept HS* with an asymmetric key).',
      location,
      reference: 'RFC 8725 §2.1, §3.1; CVE-2015-9235, CVE-2016-10555',
    }
  }
  return {
    id: 'key-confusion',
    severity: 'medium',
    title: `${alg} token, but the key at hand is ${describeKey(publicKey)}`,
    message: `The token is HMAC-signed (${alg}) while the key for it is an asymmetric public key. If a verifier takes "alg" from the token and passes this public key (PEM text or JWK bytes) as the HMAC secret, anyone with the public key can mint tokens it accepts. The signature did not verify with the public key's PEM or JWK bytes.`,
    remediation:
      'Make sure the verifier pins the algorithm to the key type and rejects HS* when it holds an RSA/EC/OKP key.',
    location,
    reference: 'RFC 8725 §2.1, §3.1; CVE-2015-9235',
  }
}

function verifies(target: WeakSecretTarget, key: Uint8Array): boolean {
  return equalBytes(nobleHmac(target.alg, key, target.signingInput), target.signature)
}

/** The byte strings a confused verifier may use as "the key": the PEM as pasted and its usual normalisations, the DER, the JWK JSON. */
function confusionSecrets(publicKey: LintPublicKey): { label: string; key: Uint8Array }[] {
  const encoder = new TextEncoder()
  const candidates: { label: string; key: Uint8Array }[] = []
  const add = (label: string, key: Uint8Array) => {
    if (!candidates.some((c) => equalBytes(c.key, key))) candidates.push({ label, key })
  }
  if (publicKey.pem) {
    const pem = publicKey.pem
    const trimmed = pem.trim().replace(/\r\n/g, '\n')
    add('the PEM text exactly as given', encoder.encode(pem))
    add('the PEM text (trimmed, no trailing newline)', encoder.encode(trimmed))
    add('the PEM text with a trailing newline', encoder.encode(`${trimmed}\n`))
    add('the PEM text with CRLF line endings', encoder.encode(`${trimmed.replace(/\n/g, '\r\n')}\r\n`))
    const body = /-----BEGIN [^-]+-----([\s\S]*?)-----END [^-]+-----/.exec(pem)?.[1]?.replace(/\s+/g, '')
    if (body) {
      try {
        const binary = atob(body)
        add(
          'the DER bytes of the PEM',
          Uint8Array.from(binary, (ch) => ch.charCodeAt(0)),
        )
      } catch {
        // not base64: nothing a verifier could have decoded either
      }
    }
  }
  if (publicKey.jwk) add('the JWK JSON text', encoder.encode(JSON.stringify(publicKey.jwk)))
  return candidates
}

function algKeyMismatch(alg: string, key: LintPublicKey): string | null {
  if (key.alg && key.alg !== alg) return `the key is restricted to ${key.alg} (its "alg")`
  if (/^(RS|PS)\d+$/.test(alg) && key.kty !== 'RSA') return `${alg} needs an RSA key and this is ${key.kty}`
  const curves: Record<string, string> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521', ES256K: 'secp256k1' }
  const curve = curves[alg]
  if (curve) {
    if (key.kty !== 'EC') return `${alg} needs an EC key on ${curve} and this is ${key.kty}`
    if (key.crv && key.crv !== curve) return `${alg} needs curve ${curve} and this key is on ${key.crv}`
  }
  if ((alg === 'EdDSA' || alg === 'Ed25519' || alg === 'Ed448') && key.kty !== 'OKP')
    return `${alg} needs an OKP (Ed25519/Ed448) key and this is ${key.kty}`
  return null
}

function describeKey(key: LintPublicKey): string {
  const kind =
    key.kty === 'RSA'
      ? 'RSA public key'
      : key.kty === 'EC'
        ? `EC public key${key.crv ? ` (${key.crv})` : ''}`
        : key.kty === 'OKP'
          ? `OKP public key${key.crv ? ` (${key.crv})` : ''}`
          : `${key.kty} key`
  return kind
}
