import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FoundCredit } from '#electron/services/scan/found-credit'
import { FoundInOrder } from '#electron/services/scan/found-order'

/**
 * A finding worker's pause and resume (found-credit.ts) and the main thread's ordering and acks
 * (found-order.ts), together as a scan with workers runs them: the worker stops once its window of
 * batches is out, resumes at an ack; the main thread acknowledges a batch only once its sink has
 * taken it in, or — for a later file held for input order — while the held tokens fit the budget.
 */

const flush = () => new Promise((resolve) => setImmediate(resolve))

describe('FoundCredit (a worker)', () => {
  it('sends freely below its window, then waits for an ack before the next send', async () => {
    const posted: number[] = []
    const credit = new FoundCredit<number>((n) => posted.push(n), 2)
    expect(credit.send(1)).toBeUndefined()
    const full = credit.send(2)
    expect(full).toBeInstanceOf(Promise)
    expect(posted).toEqual([1, 2])
    let resumed = false
    void full!.then(() => (resumed = true))
    await flush()
    expect(resumed).toBe(false)
    credit.ack()
    await flush()
    expect(resumed).toBe(true)
    expect(credit.outstanding).toBe(1)
  })

  it('never has more than its window out, whatever the order of sends and acks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.boolean(), { maxLength: 60 }),
        async (window, steps) => {
          let out = 0
          let peak = 0
          const credit = new FoundCredit<number>(() => (peak = Math.max(peak, ++out)), window)
          // A reader that awaits each send, as findInInput does; acks come from "the main thread".
          let reading: Promise<void> | undefined
          for (const send of steps) {
            if (send && !reading) reading = credit.send(0)?.then(() => (reading = undefined))
            else if (credit.outstanding > 0) {
              credit.ack()
              out--
            }
            await flush()
          }
          expect(peak).toBeLessThanOrEqual(window)
          expect(credit.outstanding).toBe(out)
        },
      ),
    )
  })

  it('refuses an ack for a batch never sent, and a window below one', () => {
    expect(() => new FoundCredit<number>(() => {}, 1).ack()).toThrow(/never sent/)
    expect(() => new FoundCredit<number>(() => {}, 0)).toThrow(RangeError)
  })
})

const batch = (...tokens: string[]) => tokens.map((token) => ({ token }))

describe('FoundInOrder (the main thread)', () => {
  it('takes files in in walk order whatever order their batches come in, outcomes after their batches', async () => {
    const taken: string[] = []
    const order = new FoundInOrder<{ token: string }, string>({
      sink: (found) => void taken.push(...found.map((f) => f.token)),
      onDone: (outcome) => taken.push(`done ${outcome}`),
      onError: (error) => {
        throw error
      },
    })
    const acks: string[] = []
    order.found(1, batch('b1'), () => acks.push('b1'))
    order.done(1, '1')
    order.found(0, batch('a1'), () => acks.push('a1'))
    order.found(2, batch('c1'), () => acks.push('c1'))
    order.found(0, batch('a2'), () => acks.push('a2'))
    order.done(0, '0')
    order.done(2, '2')
    expect(await order.settled()).toBe(true)
    expect(taken).toEqual(['a1', 'a2', 'done 0', 'b1', 'done 1', 'c1', 'done 2'])
    // Held batches of later files were acknowledged on arrival (within the budget); the rest when taken in.
    expect(acks).toEqual(['b1', 'a1', 'c1', 'a2'])
  })

  it('acknowledges a batch only once the sink has taken it in: a sink that waits holds its worker', async () => {
    let open: () => void = () => {}
    const order = new FoundInOrder<{ token: string }, string>({
      sink: () => new Promise<void>((resolve) => (open = resolve)),
      onDone: () => {},
      onError: () => {},
    })
    const acks: string[] = []
    order.found(0, batch('a1'), () => acks.push('a1'))
    order.found(0, batch('a2'), () => acks.push('a2'))
    await flush()
    expect(acks).toEqual([])
    open()
    await flush()
    expect(acks).toEqual(['a1'])
    open()
    await flush()
    expect(acks).toEqual(['a1', 'a2'])
  })

  it('holds later files acknowledged only up to its budget; past it their workers wait until taken in', async () => {
    const order = new FoundInOrder<{ token: string }, string>({
      sink: () => {},
      onDone: () => {},
      onError: () => {},
      maxHeldChars: 10,
    })
    const acks: string[] = []
    order.found(1, batch('xxxx'), () => acks.push('b1'))
    order.found(2, batch('yyyyyy'), () => acks.push('c1'))
    order.found(1, batch('z'), () => acks.push('b2'))
    expect(acks).toEqual(['b1', 'c1'])
    expect(order.held).toBe(10)
    order.done(0, '0')
    order.done(1, '1')
    await order.settled()
    expect(acks).toEqual(['b1', 'c1', 'b2'])
    expect(order.held).toBe(0)
  })

  it('stops at a sink that throws and reports it once', async () => {
    const errors: unknown[] = []
    const order = new FoundInOrder<{ token: string }, string>({
      sink: (found) => {
        if (found[0]!.token === 'bad') throw new Error('too many')
      },
      onDone: () => {},
      onError: (error) => errors.push(error),
    })
    const acks: string[] = []
    order.found(0, batch('bad'), () => acks.push('bad'))
    order.found(0, batch('next'), () => acks.push('next'))
    expect(await order.settled()).toBe(false)
    expect(errors).toHaveLength(1)
    expect(acks).toEqual([])
  })
})
