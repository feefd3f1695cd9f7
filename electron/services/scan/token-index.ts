import { createHash } from 'node:crypto'
import { SignetError } from '#shared/errors'
import type { HitKind } from '#shared/scan/finder'
import type { FoundToken, ScanLocation } from './find-in-input'
import { plural } from '#shared/text/plural'

/**
 * De-duplication by SHA-256 of the token text: each distinct token is kept once with every place
 * it was seen (up to `maxLocations` listed, all counted). Memory grows with distinct tokens, not
 * with input size; `maxTokens` bounds it (ERR_SCAN_TOO_MANY_TOKENS).
 */

export interface IndexedToken {
  /** hex SHA-256 of the token text */
  sha256: string
  token: string
  kind: HitKind
  locations: ScanLocation[]
  occurrences: number
}

export interface IndexBudget {
  /** distinct tokens kept (ERR_SCAN_TOO_MANY_TOKENS past it) */
  maxTokens: number
  /** locations listed per token (all are counted in `occurrences`) */
  maxLocations: number
  /** locations listed over all tokens; past it, sightings are counted only (default: no limit but maxLocations each) */
  maxListedLocations?: number
  /** characters of token text kept over all tokens (ERR_SCAN_TOO_MANY_TOKENS past it; default: no limit) */
  maxCharacters?: number
  /** what the error tells the user to do */
  advice?: string
}

export const defaultIndexBudget: IndexBudget = { maxTokens: 1_000_000, maxLocations: 1000 }

const defaultAdvice = 'split the input into shards and merge their --ndjson output.'

export class TokenIndex {
  /** by SHA-256, in first-seen order */
  readonly tokens = new Map<string, IndexedToken>()
  /**
   * The same entries by token text: a token seen again costs a string lookup, not a SHA-256
   * (~2 µs each, most of a sparse log's per-hit cost). The key is the entry's own `token` string,
   * so this holds no second copy of any token.
   */
  private readonly byText = new Map<string, IndexedToken>()
  occurrences = 0
  /** locations listed over all tokens, and characters of token text kept */
  private listed = 0
  private characters = 0

  constructor(private readonly budget: IndexBudget = defaultIndexBudget) {}

  /** distinct tokens so far */
  get size(): number {
    return this.tokens.size
  }

  add(found: readonly FoundToken[]): void {
    for (const hit of found) {
      this.occurrences++
      const known = this.byText.get(hit.token)
      if (known) {
        known.occurrences++
        if (
          known.locations.length < this.budget.maxLocations &&
          this.listed < (this.budget.maxListedLocations ?? Infinity)
        ) {
          known.locations.push(hit.location)
          this.listed++
        }
        continue
      }
      const advice = this.budget.advice ?? defaultAdvice
      if (this.tokens.size >= this.budget.maxTokens) {
        throw new SignetError(
          'ERR_SCAN_TOO_MANY_TOKENS',
          `More than ${plural(this.budget.maxTokens, 'distinct token')} found: ${advice}`,
        )
      }
      this.characters += hit.token.length
      if (this.characters > (this.budget.maxCharacters ?? Infinity)) {
        throw new SignetError(
          'ERR_SCAN_TOO_MANY_TOKENS',
          `The distinct tokens found pass ${plural(this.budget.maxCharacters!, 'character')} of token text in all: ${advice}`,
        )
      }
      this.listed++
      const sha256 = createHash('sha256').update(hit.token).digest('hex')
      const entry = { sha256, token: hit.token, kind: hit.kind, locations: [hit.location], occurrences: 1 }
      this.tokens.set(sha256, entry)
      this.byText.set(entry.token, entry)
    }
  }
}
