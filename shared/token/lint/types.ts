import type { DecodedToken } from '../decode'
import type { JsonObject } from '../../encoding/json'

export type Severity = 'high' | 'medium' | 'low' | 'info'

export const severities: readonly Severity[] = ['high', 'medium', 'low', 'info']

export interface FindingLocation {
  /** "header", "payload", "signature", "token", or e.g. "signatures[1].protected" in JWS JSON */
  segment: string
  /** the header parameter or claim, dotted for nested members ("address.street", "cnf.jwk") */
  path?: string
}

/**
 * One security finding. `id` is stable (kebab-case) and part of the public surface: CLI --json
 * output and scripts key on it. `message` names the exact header, claim or value involved, masked
 * where the value itself is sensitive.
 */
export interface Finding {
  id: string
  severity: Severity
  title: string
  message: string
  remediation: string
  location?: FindingLocation
  /** the specification or advisory that backs the finding */
  reference?: string
}

/** The subset of a verification policy the linter needs; the verifier's policy type can feed it. */
export interface LintPolicy {
  /** longest acceptable exp − iat; without it a default of 30 days applies, reported as low */
  maxLifetimeSeconds?: number
  /** the typ this kind of token must carry (e.g. "at+jwt" for RFC 9068 access tokens) */
  expectedTyp?: string
  /** leeway for "issued in the future"; default 60 s */
  clockSkewSeconds?: number
}

/** A public key the user has at hand, described just enough for the key-confusion checks. */
export interface LintPublicKey {
  kty: string
  crv?: string
  alg?: string
  /** the PEM text (SPKI or certificate) exactly as the user pasted it */
  pem?: string
  /** the public JWK members */
  jwk?: Record<string, unknown>
}

export interface LintContext {
  /** evaluation time, seconds since the epoch; defaults to the current time */
  now?: number
  policy?: LintPolicy
  publicKey?: LintPublicKey
  /**
   * How many of the most common weak secrets lintToken tries synchronously. Default: up to 16,
   * fewer on large tokens (a hashing budget keeps it to a few milliseconds); a number tries exactly
   * that many; false skips it. The full dictionary runs in findWeakSecret.
   */
  weakSecretQuickCheck?: number | false
  /**
   * true where the findings go further than the person holding the token — a scan's report of the
   * tokens in a log or capture, which is shared, uploaded as SARIF, pasted into tickets: an HMAC
   * secret the weak-secret check recovers is a live credential, so its finding shows it masked
   * (maskSecret). Default false: Inspect and `signet lint` name it, to the one who pasted the token.
   */
  maskFoundSecrets?: boolean
}

/** One JOSE header as a rule sees it, with where it came from. */
export interface HeaderView {
  header: JsonObject
  /** where to point the user: "header" (compact), "signatures[0].protected"… */
  segment: string
  /** index into DecodedJws.signatures; undefined for a JWE */
  signatureIndex?: number
}

/** Everything a rule may look at, decoded once. */
export interface LintSubject {
  token: DecodedToken
  headers: HeaderView[]
  claims: JsonObject | null
  now: number
  policy: Required<Pick<LintPolicy, 'clockSkewSeconds'>> & LintPolicy
  publicKey?: LintPublicKey
  /** undefined = the default, budgeted pass; 0 = off */
  weakSecretQuickCheck: number | undefined
  /** LintContext.maskFoundSecrets */
  maskFoundSecrets: boolean
}

export type Rule = (subject: LintSubject) => Finding[]
