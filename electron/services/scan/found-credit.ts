/**
 * The finding worker's side of a scan's backpressure (`--jobs` > 1): a window of batches sent and
 * not yet acknowledged. A worker posts each batch of sightings to the main thread and counts it
 * out; once `window` batches are out, the next send returns a promise that settles only when the
 * main thread acknowledges one (found-order.ts acks a batch once its sink has taken it in — after
 * a streamed scan's output had room). findInInput awaits that promise before reading on, so a
 * worker whose output is not being taken stops reading, exactly as the single-thread path does.
 *
 * Why a message round trip and not a SharedArrayBuffer with Atomics.wait: the reading is already
 * asynchronous and awaits its sink (find-in-input.ts), so a promise is all a pause needs; a
 * blocking wait would also stall the worker's own stream reads and message handling, and needs a
 * cross-thread counter to get right. The round trip costs one small message per batch, and with a
 * window of a few batches the worker never waits on it while the main thread keeps up.
 */
export class FoundCredit<T> {
  private out = 0
  private waiting: (() => void)[] = []

  /**
   * @param post sends one batch to the main thread
   * @param window batches out at once before a send waits (at least 1)
   */
  constructor(
    private readonly post: (batch: T) => void,
    private readonly window: number = defaultFoundWindow,
  ) {
    if (!Number.isInteger(window) || window < 1)
      throw new RangeError(`a credit window is a whole number >= 1, not ${window}`)
  }

  /** batches sent and not yet acknowledged */
  get outstanding(): number {
    return this.out
  }

  /** Sends `batch` now; the promise (when the window is full after it) settles at the next ack. */
  send(batch: T): Promise<void> | undefined {
    this.post(batch)
    this.out++
    if (this.out < this.window) return undefined
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  /** The main thread took in one batch: one more may be out. */
  ack(): void {
    if (this.out === 0) throw new Error('a batch was acknowledged that was never sent')
    this.out--
    if (this.out < this.window) for (const resume of this.waiting.splice(0)) resume()
  }
}

/** Batches a finding worker has out before it waits (each at most one read chunk's tokens, or one HAR field's). */
export const defaultFoundWindow = 4
