import { setTimeout as sleep } from 'node:timers/promises'

/**
 * Fault-injection points for the crash-safety and concurrency tests, inert unless their environment
 * variable is set. The tests run the real CLI and need it to die, or to hold the lock, at an exact
 * step; nothing else can reproduce "killed between the keychain write and the store commit".
 *
 *   SIGNET_TEST_CRASH_AT=<step>      the process kills itself (SIGKILL) on reaching <step>
 *   SIGNET_TEST_LOCK_HOLD_MS=<ms>    the key manager's lock is held this much longer
 */

export const crashSteps = ['before-secret-write', 'after-secret-write', 'after-readback', 'after-metadata-commit'] as const
export type CrashStep = (typeof crashSteps)[number]

export function crashPoint(step: CrashStep): void {
  if (process.env.SIGNET_TEST_CRASH_AT === step) process.kill(process.pid, 'SIGKILL')
}

export async function testHold(): Promise<void> {
  const ms = Number(process.env.SIGNET_TEST_LOCK_HOLD_MS)
  if (Number.isFinite(ms) && ms > 0) await sleep(Math.min(ms, 30_000))
}
