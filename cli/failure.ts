import { isSignetError, toSerializedError } from '#shared/errors'
import { exitCodeForError } from './exit'
import { printError } from './output/write'

/**
 * A command's failure, the same on every path (cli/main.ts, cli/fast-main.ts): one line on stderr
 * (`signet: ERR_CODE: message`, JSON under --json) and the exit code its category gives (exit.ts).
 * An error that is not Signet's own also goes to stderr in full under SIGNET_DEBUG.
 */
export function reportFailure(error: unknown): number {
  if (process.env.SIGNET_DEBUG && !isSignetError(error)) console.error(error)
  return printError(error, exitCodeForError(toSerializedError(error).code))
}
