import { setTimeout as sleep } from 'node:timers/promises'
import { crashSteps, fillFaultSlot } from '#electron/services/faults'

/**
 * The real CLI with its fault slot filled from the environment — test-only, never shipped. The
 * fault tests bundle this entry (test/support/faulty-cli.ts) and run it as the CLI child:
 *
 *   SIGNET_TEST_CRASH_AT=<step>      the process kills itself (SIGKILL) on reaching <step>
 *   SIGNET_TEST_LOCK_HOLD_MS=<ms>    the key manager's lock is held this much longer (at most 30 s)
 */
const crashAt = process.env.SIGNET_TEST_CRASH_AT
const holdMs = Number(process.env.SIGNET_TEST_LOCK_HOLD_MS)
if (crashAt !== undefined && !(crashSteps as readonly string[]).includes(crashAt)) {
  throw new Error(`SIGNET_TEST_CRASH_AT must be one of ${crashSteps.join(', ')}, not "${crashAt}".`)
}
fillFaultSlot({
  reached(step) {
    if (step === crashAt) process.kill(process.pid, 'SIGKILL')
    if (step === 'lock-held' && Number.isFinite(holdMs) && holdMs > 0) return sleep(Math.min(holdMs, 30_000))
  },
})
await import('#cli/signet')
