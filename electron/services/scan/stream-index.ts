import { createHash } from 'node:crypto'
import { SignetError } from '#shared/errors'
import { plural } from '#shared/text/plural'
import type { FoundToken, ScanLocation } from './find-in-input'
import { defaultIndexBudget, type IndexedToken } from './token-index'
import type { TokenQueue } from './analyse-parallel'

/**
 * De-duplication for a streamed scan (`signet scan --ndjson`): each distinct token (by SHA-256) is
 * handed out for analysis once, in first-seen order, and printed as soon as it is analysed with the
 * locations seen so far; every later sighting of a printed token is reported at once through
 * `onLocation`. What is kept per distinct token once it is printed is its SHA-256 and a count of
 * the locations listed — not the token, not its locations — so memory grows with distinct tokens
 * by a few dozen bytes each, and not with the input.
 *
 * A token seen again costs a string lookup in a small table of recent tokens (a session's token
 * repeats in runs) and otherwise a SHA-256 of its text.
 */
export class StreamIndex implements TokenQueue {
  /** by hex SHA-256: the de-duplication set, with what a later sighting needs */
  private readonly seen = new Map<string, Seen>()
  /** by token text, the most recently seen distinct tokens: a repeat costs no hash */
  private recent = new Map<string, Seen>()
  /** distinct tokens not yet taken for analysis (from `head` on) */
  private waiting: IndexedToken[] = []
  private head = 0
  private listeners: (() => void)[] = []
  /** every sighting, distinct or not */
  occurrences = 0
  closed = false

  constructor(
    /** a later sighting of a printed token, to be reported now (at most `maxLocations` per token) */
    private readonly onLocation: (sha256: string, location: ScanLocation) => void,
    private readonly options: StreamIndexOptions = {},
  ) {}

  /** distinct tokens seen so far */
  get size(): number {
    return this.seen.size
  }

  /**
   * Takes in a batch of sightings. Returns a promise when the reader should wait — too many
   * distinct tokens wait for analysis, or `room` says the output is full — and nothing otherwise.
   *
   * @throws SignetError ERR_SCAN_TOO_MANY_TOKENS past `maxTokens` distinct tokens
   */
  add(found: readonly FoundToken[]): Promise<void> | void {
    const { maxTokens, maxLocations } = { ...defaultIndexBudget, ...this.options.budget }
    let added = false
    for (const hit of found) {
      this.occurrences++
      let seen = this.recent.get(hit.token)
      if (seen === undefined) {
        const sha256 = createHash('sha256').update(hit.token).digest('hex')
        seen = this.seen.get(sha256)
        if (seen === undefined) {
          if (this.seen.size >= maxTokens)
            throw new SignetError(
              'ERR_SCAN_TOO_MANY_TOKENS',
              `More than ${plural(maxTokens, 'distinct token')} found: split the input into shards and merge their --ndjson output.`,
            )
          const token = hit.token
          const entry = { sha256, token, kind: hit.kind, locations: [hit.location], occurrences: 1 }
          seen = { sha256, listed: 0, entry }
          this.seen.set(sha256, seen)
          this.waiting.push(entry)
          this.remember(token, seen)
          added = true
          continue
        }
        this.remember(hit.token, seen)
      }
      const entry = seen.entry
      if (entry) {
        entry.occurrences++
        if (entry.locations.length < maxLocations) entry.locations.push(hit.location)
      } else if (seen.listed < maxLocations) {
        seen.listed++
        this.onLocation(seen.sha256, hit.location)
      }
    }
    if (added) this.notify()
    if (this.waiting.length - this.head >= (this.options.maxWaiting ?? 1024))
      return new Promise<void>((resolve) => this.listeners.push(resolve)).then(() => this.add([]))
    return this.options.room?.() ?? undefined
  }

  /** Up to `max` distinct tokens to analyse, in first-seen order; [] when none waits now. */
  take(max: number): IndexedToken[] {
    const batch = this.waiting.slice(this.head, this.head + max)
    this.head += batch.length
    if (this.head >= 4096 && this.head * 2 >= this.waiting.length) {
      this.waiting = this.waiting.slice(this.head)
      this.head = 0
    }
    if (batch.length > 0) this.notify()
    return batch
  }

  /**
   * The token's line has been written with the locations its entry holds now: from here on its
   * sightings are reported one by one, and its text and locations are let go.
   */
  printed(sha256: string): void {
    const seen = this.seen.get(sha256)
    if (!seen?.entry) return
    seen.listed = seen.entry.locations.length
    seen.entry = null
  }

  /** No more sightings will come. */
  close(): void {
    this.closed = true
    this.notify()
  }

  /** Settles at the next change: tokens added or taken, or the end of the input. */
  changed(): Promise<void> {
    return new Promise((resolve) => this.listeners.push(resolve))
  }

  private notify(): void {
    const listeners = this.listeners
    this.listeners = []
    for (const listener of listeners) listener()
  }

  private remember(token: string, seen: Seen): void {
    // A small table, emptied when full: it serves runs of the same few tokens, not the whole input.
    if (this.recent.size >= recentTokens) this.recent = new Map()
    this.recent.set(token, seen)
  }
}

export interface StreamIndexOptions {
  budget?: Partial<typeof defaultIndexBudget>
  /** distinct tokens waiting for analysis before add() asks the reader to wait (default 1024) */
  maxWaiting?: number
  /** null when the output has room, else a promise that settles when it has (cli/output/write.ts outputRoom) */
  room?: () => Promise<void> | null
}

interface Seen {
  sha256: string
  /** locations listed so far (in the token's line, then one by one) */
  listed: number
  /** the token and its sightings until its line is written; null after */
  entry: IndexedToken | null
}

const recentTokens = 4096
