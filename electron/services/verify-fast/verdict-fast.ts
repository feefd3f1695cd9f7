import { isUtf8 } from 'node:buffer'
import type { JsonObject } from '#shared/encoding/json'
import { parseJson } from '#shared/encoding/json'
import type { KeyDescription, KeySelection, KeySource } from '#shared/key-material/types'
import { maxTokenChars } from '#shared/limits'
import type { DecodedToken } from '#shared/token/decode'
import type { Check } from '#shared/token/verify/check'
import { signatureBytesShapeProblem } from '#shared/token/verify/signature-shape'
import { claimStatuses } from '#shared/token/verify/claim-statuses'
import type { Policy } from '#shared/validation-policy/policy'
import { nodeVerify } from './node-verify'
import { cachedKeyChecks } from './verify-fast'

/**
 * The verdict-only path for bulk work (bulk verify without a trace, scan): it answers "valid" for
 * a token that is plainly valid, without building the trace, and answers null for anything else —
 * a failing, unusual or unverifiable token — so that the caller runs the full path
 * (inspectTokenFast) and prints its exact verdict, reason and trace. Because it only ever answers
 * "valid", and only when every check the full path runs passes, the two paths cannot disagree on a
 * verdict; the reason it gives is the one buildTrace (shared/token/verify/build-trace.ts) writes
 * for a valid token. test/unit/electron/services/verify-fast/verdict-fast.test.ts compares both.
 *
 * What counts as plain: a compact JWS (RFC 7515 §7.1) exactly as sent — strict base64url, canonical,
 * no padding, no surrounding text — whose header and claims are UTF-8 JSON objects without
 * duplicate members, whose header has no "crit", "b64" or "x5c", verified by the first key of its
 * selection that node:crypto decides on.
 */

export interface ValidVerdict {
  verdict: 'valid'
  /** the reason buildTrace gives a valid token */
  reason: string
  key: KeyDescription
  header: JsonObject
  claims: JsonObject
}

/** Strict compact JWS: three non-empty base64url segments, nothing around them. */
const compactJws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/

/**
 * From the token text, as received (a line of `signet verify --tokens`).
 *
 * @param at evaluation time, NumericDate seconds
 * @returns the valid verdict, or null: run the full path for this token
 */
export function validVerdictOfToken(
  token: string,
  source: KeySource,
  policy: Policy,
  at: number,
): ValidVerdict | null | Promise<ValidVerdict | null> {
  if (token.length > maxTokenChars || !compactJws.test(token)) return null
  const firstDot = token.indexOf('.')
  const lastDot = token.lastIndexOf('.')
  const header = cachedHeader(token.slice(0, firstDot))
  if (header === null) return null
  const claims = jsonObjectSegment(token.slice(firstDot + 1, lastDot), 'payload')
  if (claims === null) return null
  return validVerdictOf(token, lastDot, header, claims, source, policy, at)
}

/**
 * From a token the caller has decoded already (scan decodes every token to lint it).
 *
 * @param at evaluation time, NumericDate seconds
 */
export function validVerdictOfDecoded(
  decoded: DecodedToken,
  source: KeySource,
  policy: Policy,
  at: number,
): ValidVerdict | null | Promise<ValidVerdict | null> {
  if (decoded.type !== 'jws' || decoded.form !== 'jws-compact' || decoded.payload.kind !== 'claims') return null
  const notes = decoded.notes
  // The same conditions under which encodingCheck (header-checks.ts) passes.
  if (
    notes.nonCanonicalSegments.length > 0 ||
    notes.duplicateMembers.length > 0 ||
    notes.changes.some((c) => c.altersToken || c.kind === 'inner-whitespace')
  )
    return null
  const signature = decoded.signatures[0]!
  return validVerdictOf(
    decoded.token,
    decoded.token.length - signature.signatureRaw.length - 1,
    signature.joseHeader,
    decoded.payload.claims,
    source,
    policy,
    at,
  )
}

function validVerdictOf(
  token: string,
  lastDot: number,
  header: JsonObject,
  claims: JsonObject,
  source: KeySource,
  policy: Policy,
  at: number,
): ValidVerdict | null | Promise<ValidVerdict | null> {
  const alg = header.alg
  if (
    typeof alg !== 'string' ||
    alg === 'none' ||
    header.crit !== undefined ||
    header.b64 !== undefined ||
    header.x5c !== undefined ||
    source.kind === 'x5c' ||
    // Managed keys: a key's lifecycle state can fail a token whose signature holds (the source's review): full path.
    'verifyRemotely' in source
  )
    return null
  const signatureRaw = token.slice(lastDot + 1)
  if (!canonical(signatureRaw)) return null
  const selection = cachedSelection(source, header)
  if (selection === null) return null
  if (selection instanceof Promise) {
    return selection.then(
      (s) => (s ? judge(token, lastDot, signatureRaw, header, claims, s, policy, at) : null),
      () => null,
    )
  }
  return judge(token, lastDot, signatureRaw, header, claims, selection, policy, at)
}

function judge(
  token: string,
  lastDot: number,
  signatureRaw: string,
  header: JsonObject,
  claims: JsonObject,
  selection: KeySelection,
  policy: Policy,
  at: number,
): ValidVerdict | null {
  if (selection.status === 'fail' || selection.candidates.length === 0) return null
  let warnings = selection.status === 'warn' ? 1 : 0
  let verifiedBy: KeyDescription | null = null
  let signature: Buffer | null = null
  for (const candidate of selection.candidates) {
    const keyChecks = cachedKeyChecks(candidate, header.alg, policy)
    // A key the full path would not try, or one too weak under the policy: let it say so.
    if (!keyChecks.usable || keyChecks.alg === null || keyChecks.checks.some((c) => c.status === 'fail')) return null
    // One decode of the signature: the segment is strict, canonical base64url (checked above), so
    // Buffer's lenient decoder reads exactly what decodeToken's strict one would.
    signature ??= Buffer.from(signatureRaw, 'base64url')
    if (signatureBytesShapeProblem(signature, keyChecks.alg, candidate.description)) return null
    const verified = nodeVerify(candidate, keyChecks.alg, token.slice(0, lastDot), signature)
    if (verified === null) return null
    if (verified) {
      verifiedBy = candidate.description
      warnings += countWarnings(keyChecks.checks)
      break
    }
  }
  if (verifiedBy === null) return null
  const claimsJudged = claimStatuses(header, claims, policy, at)
  if (claimsJudged.fails) return null
  warnings += claimsJudged.warnings
  return {
    verdict: 'valid',
    reason: `Signature verified with ${verifiedBy.label}; every check passed${warnings ? ` (${warnings} warning${warnings > 1 ? 's' : ''})` : ''}.`,
    key: verifiedBy,
    header,
    claims,
  }
}

function countWarnings(checks: readonly Check[]): number {
  let warnings = 0
  for (const c of checks) if (c.status === 'warn') warnings++
  return warnings
}

/**
 * A segment's JSON object, or null when decodeToken would do anything but read it plainly: not
 * canonical base64url, not UTF-8, not an object, duplicate members, over the JSON budgets.
 */
function jsonObjectSegment(raw: string, segment: 'header' | 'payload'): JsonObject | null {
  if (!canonical(raw)) return null
  const bytes = Buffer.from(raw, 'base64url')
  if (bytes[0] !== 0x7b || !isUtf8(bytes)) return null
  const text = bytes.toString('utf8')
  if (text.length <= maxQuickJson) {
    const value = quickObject(text)
    if (value !== null) return value
  }
  try {
    const parsed = parseJson(text, segment)
    if (parsed.duplicates.length > 0) return null
    const value = parsed.value
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null
  } catch {
    return null
  }
}

/**
 * JSON.parse, accepted only when the text has exactly as many member names as the result has
 * members (JSON.parse keeps the last of duplicate names, so fewer means a duplicate) and nests no
 * deeper than the quick limit — far inside what decodeToken's parser (shared/encoding/json.ts)
 * accepts, so it reads the same object. Anything else goes to that parser.
 *
 * Counting the names: without a backslash in the text every string reads as it is written, so the
 * colons of the text are one per member name plus those inside strings; the result's own strings
 * (names and values) hold at most those, all of them when nothing was dropped. So "colons in the
 * text minus colons in the result's strings equals the result's members" holds exactly when no
 * member was dropped — a count with indexOf, no match objects. Text with a backslash (an escape may
 * write a colon without one) is counted string by string.
 */
const maxQuickJson = 16 * 1024
const maxQuickDepth = 32
/** Every JSON string, and whether a colon follows it (then it is a member name). */
const jsonStrings = /"(?:[^"\\]|\\.)*"(\s*:)?/g

function quickObject(text: string): JsonObject | null {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  stringColons = 0
  const members = countMembers(value, 0)
  if (members < 0) return null
  if (!text.includes('\\')) return colons(text) - stringColons === members ? (value as JsonObject) : null
  let names = 0
  jsonStrings.lastIndex = 0
  for (let match = jsonStrings.exec(text); match !== null; match = jsonStrings.exec(text))
    if (match[1] !== undefined) names++
  return names === members ? (value as JsonObject) : null
}

/** Colons inside the strings countMembers has walked (names and values), since it was reset. */
let stringColons = 0

function colons(text: string): number {
  let count = 0
  for (let at = text.indexOf(':'); at !== -1; at = text.indexOf(':', at + 1)) count++
  return count
}

/** Members of every object in a JSON.parse result, adding up stringColons; -1 past the quick depth. */
function countMembers(value: unknown, depth: number): number {
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'string') stringColons += colons(value)
    return 0
  }
  if (depth > maxQuickDepth) return -1
  let total = 0
  if (Array.isArray(value)) {
    for (const element of value) {
      const inner = countMembers(element, depth + 1)
      if (inner < 0) return -1
      total += inner
    }
    return total
  }
  for (const key in value) {
    stringColons += colons(key)
    const inner = countMembers((value as Record<string, unknown>)[key], depth + 1)
    if (inner < 0) return -1
    total += 1 + inner
  }
  return total
}

/**
 * Headers by their base64url text: a bulk run sees few distinct headers. The objects are shared
 * between tokens, so nothing here or in the callers changes them.
 */
const headers = new Map<string, JsonObject | null>()
const maxCachedHeaders = 1024
const maxCachedHeaderLength = 1024

function cachedHeader(raw: string): JsonObject | null {
  const cached = headers.get(raw)
  if (cached !== undefined) return cached
  const header = jsonObjectSegment(raw, 'header')
  if (raw.length <= maxCachedHeaderLength && headers.size < maxCachedHeaders) headers.set(raw, header)
  return header
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** RFC 7515 §2 / RFC 4648 §3.5: a length that encodes whole bytes, and no unused bit set. */
function canonical(raw: string): boolean {
  const rest = raw.length % 4
  if (rest === 1) return false
  if (rest === 0) return true
  const last = alphabet.indexOf(raw[raw.length - 1]!)
  return (last & (rest === 2 ? 0x0f : 0x03)) === 0
}

/**
 * Selections per key source and (kid, alg): for every source but a token's own x5c chain (excluded
 * above), selection reads nothing else of the header, so a bulk run selects once per kid.
 */
const selections = new WeakMap<KeySource, Map<string, KeySelection | Promise<KeySelection>>>()
const maxSelectionsPerSource = 10_000

function cachedSelection(source: KeySource, header: JsonObject): KeySelection | Promise<KeySelection | null> | null {
  const kid = header.kid
  if (kid !== undefined && typeof kid !== 'string') return null
  let perSource = selections.get(source)
  if (!perSource) selections.set(source, (perSource = new Map()))
  const cacheKey = kid === undefined ? `${String(header.alg)}\u0000` : `${String(header.alg)}\u0000:${kid}`
  const cached = perSource.get(cacheKey)
  if (cached !== undefined) return cached
  const selected = source.select(header)
  if (perSource.size >= maxSelectionsPerSource) return selected
  perSource.set(cacheKey, selected)
  if (selected instanceof Promise) {
    return selected.then(
      (value) => {
        perSource.set(cacheKey, value)
        return value
      },
      () => {
        perSource.delete(cacheKey)
        return null
      },
    )
  }
  return selected
}
