import { calculateJwkThumbprint, type JWK } from 'jose'
import { SignetError } from '../errors'
import { unpublishSafeAt } from '../managed-keys/model'
import type { KeyRecord } from '../managed-keys/types'
import { encodeBase64url } from '../encoding/base64url'
import { maxJwksKeys } from './lint'
import { formatUtc } from '../time/format-time'
import { plural } from '../text/plural'

/**
 * What changes between two JWK Sets, key by key, and whether each change is safe for the tokens in
 * flight. Keys are matched by kid (RFC 7517 §4.5) and compared by RFC 7638 thumbprint, so member
 * order, extra members and base64url spelling of equal numbers do not count as a change of key.
 */

export type RemovalVerdict =
  /** nothing in flight can need it: never signed, compromised, or past its safe date */
  | 'safe'
  /** tokens it signed may still be valid: removing it now breaks them */
  | 'refused'
  /** no lifecycle given, or the key is not in the set: cannot be judged */
  | 'unjudged'

export interface DiffKey {
  kid: string | null
  /** RFC 7638 SHA-256 thumbprint, base64url */
  thumbprint: string
  kty: string
  alg?: string
}

export interface DiffRemoval extends DiffKey {
  verdict: RemovalVerdict
  /** ISO time from which the removal is safe, when the lifecycle says */
  safeAt: string | null
  /** the key's state in the set, when known */
  state: KeyRecord['state'] | null
  reason: string
}

export interface DiffChange {
  kid: string
  before: DiffKey
  after: DiffKey
  /** 'key': the key material under this kid changed (always an error); 'metadata': same key, other members */
  kind: 'key' | 'metadata'
  members: string[]
}

export interface JwksDiff {
  added: DiffKey[]
  removed: DiffRemoval[]
  changed: DiffChange[]
  unchanged: DiffKey[]
  /** false when a kid's key changed or a removal is refused */
  safe: boolean
}

export interface DiffLifecycle {
  /** the set's keys (any state) as the key manager holds them */
  keys: readonly Pick<KeyRecord, 'kid' | 'state' | 'history' | 'policy' | 'signedUntil'>[]
  now: Date
}

/**
 * @param before the JWKS published now (a parsed value: { keys: [...] })
 * @param after the JWKS about to be published
 * @param lifecycle the set's keys and the current time: each removal is judged against
 *   retired-at + max token lifetime + JWKS cache time + skew (unpublishSafeAt); without it removals are 'unjudged'
 * @throws SignetError ERR_JWKS_INVALID when either side is not a JWK Set; ERR_JWKS_TOO_MANY_KEYS past 1000 keys
 */
export async function diffJwks(before: unknown, after: unknown, lifecycle?: DiffLifecycle): Promise<JwksDiff> {
  const old = await index(before, 'the old JWKS')
  const next = await index(after, 'the new JWKS')
  const added: DiffKey[] = []
  const removed: DiffRemoval[] = []
  const changed: DiffChange[] = []
  const unchanged: DiffKey[] = []
  for (const [id, entry] of next) {
    const previous = old.get(id)
    if (!previous) {
      added.push(entry.key)
    } else if (previous.key.thumbprint !== entry.key.thumbprint) {
      changed.push({
        kid: entry.key.kid ?? id,
        before: previous.key,
        after: entry.key,
        kind: 'key',
        members: changedMembers(previous.jwk, entry.jwk),
      })
    } else {
      const members = changedMembers(previous.jwk, entry.jwk)
      if (members.length)
        changed.push({ kid: entry.key.kid ?? id, before: previous.key, after: entry.key, kind: 'metadata', members })
      else unchanged.push(entry.key)
    }
  }
  for (const [id, entry] of old) {
    if (!next.has(id)) removed.push(judgeRemoval(entry.key, lifecycle))
  }
  const safe =
    !changed.some((change) => change.kind === 'key') && !removed.some((removal) => removal.verdict === 'refused')
  return { added, removed, changed, unchanged, safe }
}

function judgeRemoval(key: DiffKey, lifecycle: DiffLifecycle | undefined): DiffRemoval {
  const base = { ...key, safeAt: null, state: null }
  if (!lifecycle)
    return {
      ...base,
      verdict: 'unjudged',
      reason: 'No key set given: whether tokens signed with this key are still in flight is unknown.',
    }
  const record = key.kid === null ? undefined : lifecycle.keys.find((candidate) => candidate.kid === key.kid)
  if (!record)
    return {
      ...base,
      verdict: 'unjudged',
      reason: 'The set has no key with this kid, so Signet cannot tell when it last signed.',
    }
  const state = record.state
  switch (state) {
    case 'staged':
      return { ...base, state, verdict: 'safe', reason: 'The key is staged: it never signed a token.' }
    case 'compromised':
      return {
        ...base,
        state,
        verdict: 'safe',
        reason: 'The key is compromised: it must leave the JWKS at once, and tokens it signed must stop verifying.',
      }
    case 'active':
      return {
        ...base,
        state,
        verdict: 'refused',
        reason: 'The key is active: it signs tokens now, and every one of them would fail to verify.',
      }
    default: {
      const safeAt = unpublishSafeAt(record)
      if (safeAt && lifecycle.now < safeAt) {
        return {
          ...base,
          state,
          safeAt: safeAt.toISOString(),
          verdict: 'refused',
          reason: `Tokens it signed may still be valid: removal is safe from ${formatUtc(safeAt)} (when it was retired + maximum token lifetime + JWKS cache time + clock skew).`,
        }
      }
      return {
        ...base,
        state,
        safeAt: safeAt?.toISOString() ?? null,
        verdict: 'safe',
        reason: safeAt
          ? `Every token it signed has expired (safe since ${formatUtc(safeAt)}).`
          : 'The key never signed as the active key.',
      }
    }
  }
}

interface Indexed {
  key: DiffKey
  jwk: Record<string, unknown>
}

async function index(value: unknown, what: string): Promise<Map<string, Indexed>> {
  const keys = (value as { keys?: unknown } | null)?.keys
  if (typeof value !== 'object' || value === null || !Array.isArray(keys)) {
    throw new SignetError(
      'ERR_JWKS_INVALID',
      `${what.charAt(0).toUpperCase()}${what.slice(1)} is not a JWK Set: RFC 7517 §5 requires an object with a "keys" array.`,
    )
  }
  if (keys.length > maxJwksKeys) {
    throw new SignetError(
      'ERR_JWKS_TOO_MANY_KEYS',
      `${what.charAt(0).toUpperCase()}${what.slice(1)} has ${plural(keys.length, 'key')}; Signet compares at most ${plural(maxJwksKeys, 'key')}.`,
    )
  }
  const out = new Map<string, Indexed>()
  for (const [position, jwk] of keys.entries()) {
    if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
      throw new SignetError(
        'ERR_JWKS_INVALID',
        `Entry ${position} of ${what} is not a JWK object; run "signet jwks lint" on it first.`,
      )
    }
    const record = jwk as Record<string, unknown>
    const thumbprint = await thumbprintOf(record)
    const kid = typeof record.kid === 'string' ? record.kid : null
    const key: DiffKey = { kid, thumbprint, kty: String(record.kty) }
    if (typeof record.alg === 'string') key.alg = record.alg
    // Keys without a kid are matched by what they are; with a duplicate kid, the first one counts (lint reports it).
    const id = kid === null ? `#${thumbprint}` : kid
    if (!out.has(id)) out.set(id, { key, jwk: record })
  }
  return out
}

/** RFC 7638 through jose; for a key jose cannot read, the SHA-256 of its sorted JSON stands in. */
async function thumbprintOf(jwk: Record<string, unknown>): Promise<string> {
  try {
    return await calculateJwkThumbprint(jwk as JWK, 'sha256')
  } catch {
    const sorted = JSON.stringify(
      Object.fromEntries(Object.entries(jwk).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    )
    return encodeBase64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(sorted))))
  }
}

function changedMembers(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
  return names.filter((name) => JSON.stringify(a[name]) !== JSON.stringify(b[name]))
}
