import { runDecode } from './commands/decode'
import { exitCodes } from './exit'
import { reportFailure } from './failure'
import type { FastCall } from './fast-path'
import { endQuietlyOnClosedPipe, out, setJsonMode } from './output/write'
import { version } from './version'

/**
 * Runs a call cli/fast-path.ts recognised, exactly as cli/signet.ts would through commander: the
 * same command body, output layer, failure report and exit code. Bundled on its own into
 * out/cli/fast.mjs (scripts/build-cli.mjs): one file to load instead of the command parser and
 * the shared chunks of the full CLI. Returns the exit code.
 */
export async function runFast(call: FastCall): Promise<number> {
  endQuietlyOnClosedPipe()
  if (call.command === 'version') {
    out(version)
    return exitCodes.ok
  }
  setJsonMode(call.json)
  try {
    process.exitCode = exitCodes.ok
    await runDecode(call.token, { json: call.json })
    return Number(process.exitCode ?? 0)
  } catch (error) {
    return reportFailure(error)
  }
}
