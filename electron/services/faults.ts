/**
 * The fault-injection slot: named steps the crash-safety and concurrency tests need the real CLI to
 * stop at ("killed between the keychain write and the store commit", "holding the key lock").
 * Empty, it does nothing; nothing shipped fills it. Only the test-only CLI entry
 * (test/support/cli-with-faults.ts, bundled by the fault tests themselves) fills it, so the shipped
 * bundle reads no test variable and cannot be armed from the environment.
 */

export const crashSteps = [
  'before-secret-write',
  'after-secret-write',
  'after-readback',
  'after-metadata-commit',
] as const
export type CrashStep = (typeof crashSteps)[number]
/** inside the key manager's lock, before the work: a holder other processes must wait for */
export type FaultStep = CrashStep | 'lock-held'

export interface FaultSlot {
  /** called on reaching `step`; may end the process (a crash) or delay it (a long lock hold) */
  reached(step: FaultStep): void | Promise<void>
}

let slot: FaultSlot | null = null

/** For the test-only entry: fill the slot once, before any command runs. */
export function fillFaultSlot(filled: FaultSlot): void {
  slot = filled
}

/** A no-op unless a test filled the slot. */
export function reached(step: FaultStep): void | Promise<void> {
  return slot?.reached(step)
}
