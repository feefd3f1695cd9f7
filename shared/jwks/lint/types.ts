import { jwksFindingIds, type JwksFindingId } from './ids'
import type { JwksSeverity } from './severity'

/**
 * JWKS lint findings (RFC 7517 key sets): one shape for the app, the CLI and the publish plan.
 *
 * `id` is stable kebab-case and part of the public surface (CLI --json, pipelines key on it);
 * `pointer` is an RFC 6901 JSON Pointer into the linted document ("/keys/0/n"), "" for the whole.
 */
export type { JwksSeverity } from './severity'
export { jwksSeverities } from './severity'

export interface JwksFinding {
  id: JwksFindingId
  severity: JwksSeverity
  /** RFC 6901 JSON Pointer to the member or key the finding is about */
  pointer: string
  /** the key's kid when it has a string one, so a reader can find the key without the pointer */
  kid?: string
  message: string
  remedy: string
}

export interface JwksLintOptions {
  /**
   * What the set is for. 'sig' (the default for a set where any key is a signing key) flags
   * encryption keys mixed into it; 'any' accepts both.
   */
  purpose?: 'sig' | 'enc' | 'any'
}

/** One key of the set as the rules see it. */
export interface KeyView {
  index: number
  pointer: string
  jwk: Record<string, unknown>
  kid?: string
}

/** RFC 6901 §3: "~" becomes "~0" and "/" becomes "~1" in a reference token. */
export function pointerTo(...tokens: (string | number)[]): string {
  return tokens.map((token) => `/${String(token).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')
}

/** A finding at `member` of `key` (null: the key itself; key null: the document), severity from the id table. */
export function finding(
  key: KeyView | null,
  id: JwksFindingId,
  member: string | null,
  message: string,
  remedy: string,
): JwksFinding {
  const severity = jwksFindingIds[id]
  const pointer = key
    ? member === null
      ? key.pointer
      : `${key.pointer}${pointerTo(member)}`
    : member === null
      ? ''
      : pointerTo(member)
  const result: JwksFinding = { id, severity, pointer, message, remedy }
  if (key?.kid !== undefined) result.kid = key.kid
  return result
}

/** How a key is named in messages: by kid when it has one, else by position. */
export function keyName(key: KeyView): string {
  return key.kid !== undefined ? `key "${key.kid}"` : `key ${key.index} (no kid)`
}

export function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
