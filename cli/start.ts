import type { FastCall } from './fast-path'
import { fastCall } from './fast-path'

/**
 * The CLI's entry (out/cli/start.mjs, run by bin/signet.mjs): a call cli/fast-path.ts recognises
 * runs from out/cli/fast.mjs, a single file; anything else loads the full CLI (out/cli/signet.mjs,
 * cli/signet.ts) with commander. They are separate bundles (scripts/build-cli.mjs), imported by URL
 * so that this file stays a few hundred bytes and only one of them is ever loaded.
 */
const argv = process.argv.slice(2)
const call = fastCall(argv)
if (call) {
  const fast = (await import(new URL('./fast.mjs', import.meta.url).href)) as {
    runFast: (call: FastCall) => Promise<number>
  }
  process.exitCode = await fast.runFast(call)
} else {
  // runs itself: process.exitCode is its result
  await import(new URL('./signet.mjs', import.meta.url).href)
}
