import fc from 'fast-check'
import { expect } from 'vitest'
import { SignetError } from '#shared/errors'

/**
 * The fuzz harness: one property for every target — given any input, the target returns, or throws
 * a SignetError with a stable code other than ERR_INTERNAL. Anything else (a TypeError, a
 * RangeError from a blown stack, an ERR_INTERNAL) is a bug with a shrunk counterexample.
 *
 * Extension point: a new area adds a file test/fuzz/<area>.fuzz.test.ts that calls `fuzzTarget`
 * with its own arbitraries (for the IPC channel schemas: one target per channel of the contract,
 * driving `dispatch` with fc.anything() and structured-wrong arguments, and asserting no state
 * changed after a rejection via the `after` hook).
 */

/** Cases per target: 10,000 in CI-sized runs; FUZZ_RUNS overrides (e.g. 100000 for a long soak). */
export const fuzzRuns = Number(process.env.FUZZ_RUNS ?? 10_000)

/** A seed per run, printed by fast-check on failure; FUZZ_SEED replays one. */
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED)

export interface FuzzTarget<T> {
  arbitrary: fc.Arbitrary<T>
  run: (input: T) => unknown
  /** optional check after each case, e.g. that nothing changed after a rejected input */
  after?: (input: T, outcome: { error: unknown }) => void | Promise<void>
  runs?: number
}

/** Throws unless the error is a SignetError with a code other than ERR_INTERNAL. */
export function expectHandled(error: unknown): void {
  if (!(error instanceof SignetError)) {
    throw new Error(`unhandled ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, {
      cause: error,
    })
  }
  expect(error.code).not.toBe('ERR_INTERNAL')
  expect(error.message.length).toBeGreaterThan(0)
}

/**
 * Several targets fed the same generated inputs: every target still sees `runs` cases, and the cost
 * of generating structured input is paid once. Returns per-target counts.
 */
export async function fuzzTargets<T>(
  arbitrary: fc.Arbitrary<T>,
  targets: Record<string, (input: T) => unknown>,
  runs = fuzzRuns,
): Promise<Record<string, { handled: number; returned: number }>> {
  const counts = Object.fromEntries(Object.keys(targets).map((name) => [name, { handled: 0, returned: 0 }]))
  await fc.assert(
    fc.asyncProperty(arbitrary, async (input) => {
      for (const [name, run] of Object.entries(targets)) {
        try {
          await run(input)
          counts[name]!.returned++
        } catch (caught) {
          try {
            expectHandled(caught)
          } catch (failure) {
            throw new Error(`target "${name}": ${(failure as Error).message}`, { cause: caught })
          }
          counts[name]!.handled++
        }
      }
    }),
    { numRuns: runs, ...(seed === undefined ? {} : { seed }) },
  )
  return counts
}

export async function fuzzTarget<T>(target: FuzzTarget<T>): Promise<{ handled: number; returned: number }> {
  const counts = { handled: 0, returned: 0 }
  await fc.assert(
    fc.asyncProperty(target.arbitrary, async (input) => {
      let error: unknown = null
      try {
        await target.run(input)
        counts.returned++
      } catch (caught) {
        error = caught
        expectHandled(caught)
        counts.handled++
      }
      await target.after?.(input, { error })
    }),
    { numRuns: target.runs ?? fuzzRuns, ...(seed === undefined ? {} : { seed }) },
  )
  return counts
}
