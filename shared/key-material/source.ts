import type { JWK } from 'jose'
import { encodeBase64url } from '../encoding/base64url'
import type { JsonObject } from '../encoding/json'
import { describeKeyShape, isJwsAlgorithm, keyFitsJwsAlgorithm } from './algorithms'
import { publicJwk } from './jwk'
import { sharedKids } from './shared-kids'
import { parseSecret, secretEncodingLabels, type SecretEncoding, type SecretReading } from './secret'
import type { KeyCandidate, KeyDescription, KeySelection, KeySource, ParsedKeyInput } from './types'
import { formatBytes } from '../text/format-bytes'

/**
 * Key sources for verification. Each turns what the user gave into candidate keys for a token's
 * header: a single key is tried as given, a set is narrowed by kid (or, with no kid, to every key
 * that fits the algorithm, each tried in turn so the trace can name the one that verified).
 */

export interface KeySourceOptions {
  label?: string
  /** when certificates are given and a token carries x5c: the time the chain is judged at (seconds) */
  at?: number
}

/**
 * Keys from a JWK, a JWKS or PEM text; private keys contribute their public part only. A
 * certificate given here also anchors a token's x5c chain: if the chain leads to it, the chain's
 * leaf key becomes a candidate too.
 */
export function keySourceFromParsed(parsed: ParsedKeyInput, options: KeySourceOptions = {}): KeySource {
  const candidates: KeyCandidate[] = parsed.keys.map((key) => ({
    description: key.description,
    jwk: key.description.kty === 'oct' ? key.jwk : publicJwk(key.jwk),
  }))
  const anchors = [
    ...parsed.keys.flatMap((key) => (key.certificateDer ? [key.certificateDer] : [])),
    ...(parsed.chainCertificates ?? []),
  ]
  const isSet = parsed.format === 'jwks' || candidates.length > 1
  const select = (header: JsonObject): KeySelection =>
    isSet ? selectFromSet(candidates, header) : selectSingle(candidates[0]!, header)
  return {
    kind: parsed.keys[0]?.description.origin ?? 'jwk',
    label: options.label ?? (isSet ? `${candidates.length} keys` : (candidates[0]?.description.label ?? 'key')),
    keys: candidates.map((c) => c.description),
    select: async (header) => {
      const direct = select(header)
      if (anchors.length === 0 || !Array.isArray(header.x5c)) return direct
      const fromChain = await chainCandidate(header.x5c, options.at ?? Date.now() / 1000, anchors)
      if (!fromChain.chain.anchoredBy || !fromChain.candidate) return { ...direct, chain: fromChain.chain }
      return {
        candidates: [...direct.candidates, fromChain.candidate],
        status: 'pass',
        message: `${direct.status === 'fail' ? '' : `${direct.message} `}The token's x5c chain leads to your certificate (${fromChain.chain.anchoredBy}), so its leaf key is tried as well.`,
        chain: fromChain.chain,
      }
    },
  }
}

/**
 * The token's own x5c chain as a key source. Whoever made the token chose that chain, so unless it
 * leads to a certificate in `anchors` this proves only that the token matches its own certificate:
 * the trace says so and the verdict stays "unverified".
 */
export function x5cKeySource(options: { at?: number; anchors?: readonly Uint8Array[] } = {}): KeySource {
  return {
    kind: 'x5c',
    label: "the token's x5c certificate chain",
    keys: [],
    select: async (header) => {
      if (!Array.isArray(header.x5c)) {
        return {
          candidates: [],
          status: 'fail',
          message: 'The token carries no x5c certificate chain to take a key from.',
        }
      }
      const { candidate, chain } = await chainCandidate(
        header.x5c,
        options.at ?? Date.now() / 1000,
        options.anchors ?? [],
      )
      const problems = chain.links.flatMap((link) => link.problems.map((p) => `x5c[${link.index}]: ${p}`))
      if (!chain.consistent || !candidate) {
        return {
          candidates: candidate ? [candidate] : [],
          status: 'fail',
          message: `The token's x5c chain does not hold together: ${problems.join('; ')}.`,
          chain,
        }
      }
      return chain.anchoredBy
        ? {
            candidates: [candidate],
            status: 'pass',
            message: `The key comes from the token's x5c chain, which leads to your certificate (${chain.anchoredBy}).`,
            chain,
          }
        : {
            candidates: [candidate],
            status: 'warn',
            message:
              'The key comes from the token itself (x5c). The chain holds together, but it ends at a certificate the token chose, so it proves nothing about who signed.',
            chain,
          }
    },
  }
}

async function chainCandidate(
  x5c: unknown[],
  at: number,
  anchors: readonly Uint8Array[],
): Promise<{ candidate: KeyCandidate | null; chain: NonNullable<KeySelection['chain']> }> {
  // pkijs is loaded only when a token brings a certificate chain.
  const [{ checkCertificateChain }, { fromSpki }] = await Promise.all([import('./certificate'), import('./parse-pem')])
  const { leafSpki, ...chain } = await checkCertificateChain(x5c, at, anchors)
  if (!leafSpki) return { candidate: null, chain }
  const leaf = chain.links[0]!.summary
  const key = await fromSpki(leafSpki, 'x5c[0]', 'x5c', `x5c leaf certificate ${leaf.subject}`, leaf)
  return { candidate: { description: key.description, jwk: key.jwk }, chain }
}

/** An HMAC secret typed or pasted as text; in auto mode every plausible reading is tried. */
export function secretKeySource(
  text: string,
  encoding: SecretEncoding | 'auto' = 'auto',
): KeySource & { explanation: string } {
  const parsed = parseSecret(text, encoding)
  const readings: SecretReading[] = [parsed, ...parsed.alternatives]
  const candidates = readings.map((reading, i) => secretCandidate(reading, i === 0 ? parsed.requested : 'alternative'))
  return {
    kind: 'secret',
    label: candidates[0]!.description.label,
    keys: candidates.map((c) => c.description),
    explanation: parsed.explanation,
    select: () => ({
      candidates,
      status: 'pass',
      message:
        candidates.length > 1
          ? `${parsed.explanation} If that reading does not verify, the other readings (${readings
              .slice(1)
              .map((r) => secretEncodingLabels[r.encoding])
              .join(', ')}) are tried too.`
          : parsed.explanation,
    }),
  }
}

function secretCandidate(reading: SecretReading, how: SecretEncoding | 'auto' | 'alternative'): KeyCandidate {
  const jwk: JWK = { kty: 'oct', k: encodeBase64url(reading.bytes) }
  const detected = how === 'auto' ? ', auto-detected' : how === 'alternative' ? ', alternative reading' : ''
  const description: KeyDescription = {
    label: `secret (${secretEncodingLabels[reading.encoding]}, ${formatBytes(reading.bytes.length)}${detected})`,
    origin: 'secret',
    kty: 'oct',
    bits: reading.bytes.length * 8,
    fromPrivateKey: false,
    secretEncoding: reading.encoding,
  }
  return { description, jwk }
}

function selectSingle(candidate: KeyCandidate, header: JsonObject): KeySelection {
  const kid = header.kid
  const keyKid = candidate.description.kid
  if (typeof kid === 'string' && keyKid !== undefined && kid !== keyKid) {
    return {
      candidates: [candidate],
      status: 'warn',
      message: `The token names kid "${kid}" but the key's kid is "${keyKid}": probably not the key that signed it. It is tried anyway.`,
    }
  }
  return { candidates: [candidate], status: 'pass', message: `Using the key given: ${candidate.description.label}.` }
}

/**
 * Narrows a set by the token's kid (RFC 7515 §4.1.4: a hint to which key was used). Keys sharing
 * a kid are all tried (RFC 7517 §4.5 says kids SHOULD, not MUST, be distinct), and the duplicate
 * is reported. A kid no key carries falls back to the keys that carry no kid at all and fit the
 * algorithm: such a key does not contradict the hint, while a key with another kid does.
 */
function selectFromSet(candidates: KeyCandidate[], header: JsonObject): KeySelection {
  const kid = header.kid
  const alg = header.alg
  const shared = sharedKids(candidates.map((c) => c.description))
  const sharedNote =
    shared.length > 0
      ? ` Note: ${shared.map((d) => `keys ${d.positions.join(' and ')} share kid "${d.kid}"`).join('; ')}; RFC 7517 §4.5 says kids SHOULD be distinct.`
      : ''
  const detail = shared.length > 0 ? { duplicateKids: shared.map((d) => ({ kid: d.kid, keys: d.positions })) } : {}
  if (kid !== undefined) {
    if (typeof kid !== 'string') {
      return {
        candidates: [],
        status: 'fail',
        message: 'The token\'s "kid" is not a string, so it cannot name a key of the set.',
      }
    }
    const matches = candidates.filter((c) => c.description.kid === kid)
    if (matches.length === 0) {
      const kids = candidates.map((c) => c.description.kid).filter((k): k is string => k !== undefined)
      const listed = kids.length ? `the set has ${kids.map((k) => `"${k}"`).join(', ')}` : 'no key in the set has a kid'
      const withoutKid = candidates.filter((c) => c.description.kid === undefined && fitsAlgorithm(c, alg))
      if (withoutKid.length > 0) {
        return {
          candidates: withoutKid,
          status: 'warn',
          message: `No key in the set has kid "${kid}" (${listed}). A kid is only a hint (RFC 7515 §4.1.4), so the ${withoutKid.length === 1 ? 'key' : `${withoutKid.length} keys`} without a kid that can verify ${String(alg)} ${withoutKid.length === 1 ? 'is' : 'are'} tried; keys with another kid are not.${sharedNote}`,
          ...detail,
        }
      }
      return {
        candidates: [],
        status: 'fail',
        message: `No key in the set has kid "${kid}" (${listed}), and no key without a kid can verify ${typeof alg === 'string' ? alg : 'its algorithm'}: the key that signed the token is not in the set you gave, or the set is out of date.${sharedNote}`,
        ...detail,
      }
    }
    if (matches.length > 1) {
      return {
        candidates: matches,
        status: 'warn',
        message: `The token's kid "${kid}" is shared by ${matches.length} keys of the set (${matches.map((m) => m.description.label).join('; ')}); RFC 7517 §4.5 says kids SHOULD be distinct, so each is tried and the signature check names the one that verified.`,
        ...detail,
      }
    }
    return {
      candidates: matches,
      status: 'pass',
      message: `The token's kid "${kid}" selects ${matches[0]!.description.label}.${sharedNote}`,
      ...detail,
    }
  }
  const fitting = candidates.filter((c) => fitsAlgorithm(c, alg))
  if (fitting.length === 0) {
    const shapes = [...new Set(candidates.map((c) => describeKeyShape(c.description)))].join(', ')
    return {
      candidates: [],
      status: 'fail',
      message: `The token has no kid, and none of the ${candidates.length} keys in the set can verify ${typeof alg === 'string' ? alg : 'its algorithm'} (the set holds ${shapes}).`,
    }
  }
  return {
    candidates: fitting,
    status: 'pass',
    message:
      (fitting.length === 1
        ? `The token has no kid; ${fitting[0]!.description.label} is the only key in the set that can verify ${String(alg)}.`
        : `The token has no kid; the ${fitting.length} keys in the set that can verify ${String(alg)} are tried in turn.`) +
      sharedNote,
    ...detail,
  }
}

function fitsAlgorithm(candidate: KeyCandidate, alg: unknown): boolean {
  const jwk = candidate.jwk
  if (!isJwsAlgorithm(alg) || !keyFitsJwsAlgorithm(candidate.description, alg)) return false
  if (jwk.use !== undefined && jwk.use !== 'sig') return false
  if (Array.isArray(jwk.key_ops) && !jwk.key_ops.includes('verify')) return false
  return jwk.alg === undefined || jwk.alg === alg
}
