/**
 * The main thread's side of a scan's finding workers (`--jobs` > 1): their batches of sightings go
 * into the sink in input order, and each batch is acknowledged to its worker (found-credit.ts) only
 * when it may be — so what the main thread holds is bounded, however slow the sink and however
 * large one file is.
 *
 * Input order: file k's batches go in only once every file before it has been taken in whole (its
 * batches, then its outcome), so the index — which tokens, in which order, with which locations
 * first — is that of `--jobs 1`. A batch of the file being taken in now is passed to the sink at
 * once and acknowledged when the sink has taken it (a streamed scan's sink answers with a promise
 * while its analysis or output is behind: the ack waits for it). A batch of a later file is held;
 * it is acknowledged at once while the held batches' tokens stay within `maxHeldChars`, so small
 * files behind a large one keep their workers busy, and past that only when it is taken in.
 *
 * The bound: at most `maxHeldChars` characters of acknowledged, held tokens, plus the batches each
 * worker has out unacknowledged (its credit window, found-credit.ts defaultFoundWindow) — each batch
 * one read chunk's tokens (inputs.ts readChunkBytes) or one HAR field's.
 */
export class FoundInOrder<F extends { token: string }, O> {
  private readonly slots = new Map<number, Slot<F, O>>()
  /** the file whose batches go into the sink now */
  private next = 0
  private heldChars = 0
  private pumping: Promise<void> | null = null
  /** a loop is taking batches in (cleared in the turn it ends, unlike `pumping`) */
  private busy = false
  private failed = false

  constructor(private readonly options: FoundOrderOptions<F, O>) {}

  /** characters of tokens held, already acknowledged, for files after the one taken in now */
  get held(): number {
    return this.heldChars
  }

  /** A batch from file `file` (0-based, in walk order); `ack` tells its worker it may send another. */
  found(file: number, found: F[], ack: () => void): void {
    const slot = this.slot(file)
    let chars = 0
    if (file !== this.next) {
      for (const hit of found) chars += hit.token.length
      if (this.heldChars + chars <= (this.options.maxHeldChars ?? defaultMaxHeldChars)) {
        this.heldChars += chars
        ack()
        slot.batches.push({ found, ack: null, chars })
        return this.pump()
      }
      chars = 0
    }
    slot.batches.push({ found, ack, chars })
    this.pump()
  }

  /** File `file` has been read whole: its outcome follows its last batch. */
  done(file: number, outcome: O): void {
    this.slot(file).outcome = outcome
    this.pump()
  }

  /** Settles when nothing is being taken in; true when every file handed in has been taken in whole. */
  async settled(): Promise<boolean> {
    while (this.pumping) await this.pumping
    return this.slots.size === 0
  }

  private slot(file: number): Slot<F, O> {
    let slot = this.slots.get(file)
    if (!slot) this.slots.set(file, (slot = { batches: [], outcome: undefined }))
    return slot
  }

  private pump(): void {
    if (this.busy || this.failed) return
    this.busy = true
    const run = this.takeIn().finally(() => {
      if (this.pumping === run) this.pumping = null
    })
    if (this.busy) this.pumping = run
  }

  /** Takes batches in while the file due next has some; `busy` is cleared in the turn it stops in. */
  private async takeIn(): Promise<void> {
    try {
      for (let slot = this.slots.get(this.next); slot; slot = this.slots.get(this.next)) {
        const batch = slot.batches.shift()
        if (batch) {
          this.heldChars -= batch.chars
          try {
            const wait = this.options.sink(batch.found)
            if (wait) await wait
          } catch (error) {
            this.failed = true
            this.options.onError(error)
            return
          }
          batch.ack?.()
          continue
        }
        if (slot.outcome === undefined) return
        this.slots.delete(this.next++)
        this.options.onDone(slot.outcome)
      }
    } finally {
      // an async function's finally runs synchronously when it did not await: no batch is missed
      this.busy = false
    }
  }
}

export interface FoundOrderOptions<F, O> {
  /** takes a batch in; a promise says wait before the next one (and before acknowledging this one) */
  sink: (found: F[]) => void | Promise<void>
  /** a file's outcome, in input order, after its last batch */
  onDone: (outcome: O) => void
  /** the sink threw: nothing more is taken in */
  onError: (error: unknown) => void
  /** characters of tokens of later files acknowledged and held before their workers must wait */
  maxHeldChars?: number
}

interface Slot<F, O> {
  batches: { found: F[]; ack: (() => void) | null; chars: number }[]
  outcome: O | undefined
}

/** 1 M characters of held tokens (~2 MB of strings at most), about 3,000 tokens of a typical 300 characters. */
export const defaultMaxHeldChars = 1024 * 1024
