import type { z } from 'zod'
import { contract, type Handlers, type Result } from '#shared/contract'
import { SignetError, toSerializedError } from '#shared/errors'

/**
 * One call through the contract: validate the untrusted argument against the channel's schema, run
 * the handler, and map the outcome to a Result. Used by main/ipc.ts, the e2e bridge and the CLI
 * (cli/core.ts), so all of them exercise the very same path. The sender check happens before this,
 * in ipc.ts, where the frame is.
 */
export async function dispatch(handlers: Handlers, channel: string, rawInput: unknown): Promise<Result<unknown>> {
  return dispatchTo(contract, handlers, channel, rawInput)
}

/** A channel table: what dispatch needs of a contract (the app's, or the CLI-only one in cli-channels.ts). */
export type ChannelTable = Readonly<Record<string, { input: z.ZodType }>>

export interface DispatchOptions {
  /** how a schema failure is worded for this caller (the CLI names arguments, not channels) */
  invalidInput?: (channel: string, path: readonly PropertyKey[], message: string) => SignetError
}

/** dispatch over any channel table; `handlers` must have one function per channel of `table`. */
export async function dispatchTo(
  table: ChannelTable,
  handlers: object,
  channel: string,
  rawInput: unknown,
  options: DispatchOptions = {},
): Promise<Result<unknown>> {
  if (!Object.prototype.hasOwnProperty.call(table, channel)) {
    return {
      ok: false,
      error: new SignetError('ERR_IPC_UNKNOWN_CHANNEL', `There is no IPC channel named "${channel}".`).toJSON(),
    }
  }
  const parsed = table[channel]!.input.safeParse(rawInput)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const path = issue?.path ?? []
    const message = issue?.message ?? 'does not match the expected shape'
    if (options.invalidInput) return { ok: false, error: options.invalidInput(channel, path, message).toJSON() }
    const where = path.length > 0 ? ` at "${path.join('.')}"` : ''
    return {
      ok: false,
      error: new SignetError('ERR_INVALID_ARGUMENT', `Invalid argument for ${channel}${where}: ${message}.`).toJSON(),
    }
  }
  try {
    const handler = (handlers as Record<string, (input: unknown) => Promise<unknown>>)[channel]!
    return { ok: true, value: await handler(parsed.data) }
  } catch (error) {
    return { ok: false, error: toSerializedError(error) }
  }
}
