import { SignetError } from '../errors'
import { parseJson, type DuplicateMember } from '../encoding/json'
import {
  jwksSeverities,
  finding,
  keyName,
  pointerTo,
  type JwksFinding,
  type JwksLintOptions,
  type KeyView,
} from './lint/types'
import { algorithmRules } from './lint/rules/algorithm'
import { materialRules } from './lint/rules/material'
import { knownKeyTypes, memberRules } from './lint/rules/members'
import { x5cRules } from './lint/rules/x5c'

export type { JwksFinding, JwksLintOptions, JwksSeverity } from './lint/types'
export { jwksFindingIds, type JwksFindingId } from './lint/ids'
import { maxJwksDepth, maxJwksKeys } from '../limits'
import { plural } from '../text/plural'
import { checkJwksTextSize } from './size'

export { maxJwksBytes, maxJwksDepth, maxJwksKeys } from '../limits'

export interface JwksLintReport {
  findings: JwksFinding[]
  /** how many entries "keys" has (0 when it is not an array) */
  keyCount: number
  /** true when no finding is high: what `signet jwks lint` turns into its exit status */
  ok: boolean
}

/**
 * Lints a JWK Set (RFC 7517 §5) as a verifier would meet it: findings most severe first, each with a
 * stable id, a severity, an RFC 6901 JSON Pointer, a message and a remedy.
 *
 * @param input the JWKS text (duplicate member names become findings), or an already parsed value
 * @throws SignetError ERR_JWKS_JSON when the text is not JSON; ERR_JWKS_TOO_LARGE (over 1 MiB of UTF-8),
 *   ERR_JWKS_TOO_DEEP (nesting over 32) or ERR_JWKS_TOO_MANY_KEYS (over 1000 keys) past a budget
 */
export async function lintJwks(input: string | unknown, options: JwksLintOptions = {}): Promise<JwksLintReport> {
  let value: unknown = input
  const out: JwksFinding[] = []
  if (typeof input === 'string') {
    checkJwksTextSize(input)
    const depth = nestingDepth(input)
    if (depth > maxJwksDepth) {
      throw new SignetError(
        'ERR_JWKS_TOO_DEEP',
        `The JWKS nests ${depth} levels deep; Signet reads at most ${maxJwksDepth}. A JWKS needs 4: check that this is a key set.`,
      )
    }
    let parsed
    try {
      parsed = parseJson(input, 'JWKS')
    } catch (error) {
      throw new SignetError(
        'ERR_JWKS_JSON',
        error instanceof SignetError
          ? error.message.replace(/ of the decoded JWKS/, '')
          : 'The JWKS is not valid JSON.',
        error instanceof SignetError ? error.location : undefined,
      )
    }
    value = parsed.value
    out.push(...parsed.duplicates.map(duplicateFinding))
  }
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    !Array.isArray((value as { keys?: unknown }).keys)
  ) {
    const isKey = typeof value === 'object' && value !== null && 'kty' in value
    out.push(
      finding(
        null,
        'not-a-jwks',
        null,
        isKey
          ? 'This is a single JWK, not a JWK Set: a JWKS is an object whose "keys" member is an array of keys (RFC 7517 §5).'
          : 'This is not a JWK Set: RFC 7517 §5 requires an object with a "keys" array.',
        isKey ? 'Wrap the key: {"keys": [ … ]}.' : 'Publish {"keys": [ … ]} with one JWK per key.',
      ),
    )
    return report(out, 0)
  }
  const keys = (value as { keys: unknown[] }).keys
  if (keys.length > maxJwksKeys) {
    throw new SignetError(
      'ERR_JWKS_TOO_MANY_KEYS',
      `The JWKS has ${plural(keys.length, 'key')}; Signet lints at most ${plural(maxJwksKeys, 'key')}. Verifiers fetch the whole set on every refresh, so a set this large is a mistake in itself.`,
    )
  }
  if (keys.length === 0) {
    out.push(
      finding(
        null,
        'empty-set',
        'keys',
        'The JWKS has no keys: every verifier that uses it rejects every token.',
        'Publish at least the active key (and the staged and retired ones still needed).',
      ),
    )
  }
  const views: KeyView[] = []
  for (const [index, jwk] of keys.entries()) {
    const pointer = pointerTo('keys', index)
    if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
      out.push({
        ...finding(
          null,
          'key-not-object',
          null,
          `Entry ${index} of "keys" is ${jwk === null ? 'null' : Array.isArray(jwk) ? 'an array' : `a ${typeof jwk}`}, not a JWK object.`,
          'Remove the entry or replace it with a JWK object.',
        ),
        pointer,
      })
      continue
    }
    const record = jwk as Record<string, unknown>
    views.push(
      typeof record.kid === 'string'
        ? { index, pointer, jwk: record, kid: record.kid }
        : { index, pointer, jwk: record },
    )
  }
  for (const view of views) {
    out.push(...memberRules(view))
    if (typeof view.jwk.kty === 'string' && !knownKeyTypes.includes(view.jwk.kty)) continue
    out.push(...algorithmRules(view), ...materialRules(view), ...(await x5cRules(view)))
  }
  out.push(...setRules(views, options))
  return report(out, keys.length)
}

/** Rules that need the whole set: kids unique (RFC 7517 §4.5), one purpose per set. */
function setRules(views: KeyView[], options: JwksLintOptions): JwksFinding[] {
  const out: JwksFinding[] = []
  const byKid = new Map<string, KeyView[]>()
  for (const view of views) if (view.kid !== undefined) byKid.set(view.kid, [...(byKid.get(view.kid) ?? []), view])
  for (const [kid, same] of byKid) {
    if (same.length < 2) continue
    for (const view of same.slice(1)) {
      out.push(
        finding(
          view,
          'kid-duplicate',
          'kid',
          `The kid "${kid}" is used by ${same.length} keys (entries ${same.map((v) => v.index).join(', ')}): a verifier picks one of them, maybe the wrong one.`,
          'Give every key its own kid; RFC 7517 §4.5 requires distinct kids within a set.',
        ),
      )
    }
  }
  const purposeOf = (view: KeyView): 'sig' | 'enc' | null => {
    if (view.jwk.use === 'sig' || view.jwk.use === 'enc') return view.jwk.use
    const ops = view.jwk.key_ops
    if (Array.isArray(ops) && ops.length)
      return ops.every((op) => op === 'verify' || op === 'sign')
        ? 'sig'
        : ops.some((op) => op === 'verify')
          ? null
          : 'enc'
    return null
  }
  const purpose = options.purpose ?? (views.some((view) => purposeOf(view) === 'sig') ? 'sig' : 'any')
  if (purpose === 'sig') {
    for (const view of views) {
      if (purposeOf(view) === 'enc') {
        out.push(
          finding(
            view,
            'enc-key-in-signing-set',
            null,
            `${keyName(view).charAt(0).toUpperCase()}${keyName(view).slice(1)} is an encryption key in a signing set: a verifier that ignores "use" will accept signatures made with it, and clients may encrypt to a key meant for another purpose.`,
            'Publish encryption keys in their own JWKS, or drop the key from this one.',
          ),
        )
      }
    }
  }
  return out
}

function report(findings: JwksFinding[], keyCount: number): JwksLintReport {
  const sorted = [...findings].sort((a, b) => jwksSeverities.indexOf(a.severity) - jwksSeverities.indexOf(b.severity))
  return { findings: sorted, keyCount, ok: !sorted.some((f) => f.severity === 'high') }
}

function duplicateFinding(duplicate: DuplicateMember): JwksFinding {
  const tokens = duplicate.path.match(/[^.[\]]+/g) ?? []
  return {
    ...finding(
      null,
      'duplicate-member',
      null,
      `The member "${duplicate.member}" appears twice in the same object${duplicate.path ? ` (${duplicate.path})` : ''}: JSON parsers disagree on which one wins, so verifiers may read different keys (RFC 8259 §4).`,
      'Remove one of the two members.',
    ),
    pointer: pointerTo(...tokens, duplicate.member),
  }
}

/** Deepest nesting of [ and { outside strings, in one pass, before the recursive parser runs. */
function nestingDepth(text: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    if (inString) {
      if (ch === 0x5c) i++
      else if (ch === 0x22) inString = false
    } else if (ch === 0x22) inString = true
    else if (ch === 0x5b || ch === 0x7b) deepest = Math.max(deepest, ++depth)
    else if (ch === 0x5d || ch === 0x7d) depth--
  }
  return deepest
}
