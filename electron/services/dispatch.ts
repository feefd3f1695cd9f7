import { contract, type Channel, type Handlers, type Result } from '../../shared/contract'
import { SignetError, toSerializedError } from '../../shared/errors'

/**
 * One call through the contract: validate the untrusted argument against the channel's schema, run
 * the handler, and map the outcome to a Result. Used by main/ipc.ts and by the e2e bridge, so both
 * exercise the very same path. The sender check happens before this, in ipc.ts, where the frame is.
 */
export async function dispatch(handlers: Handlers, channel: string, rawInput: unknown): Promise<Result<unknown>> {
  if (!Object.prototype.hasOwnProperty.call(contract, channel)) {
    return { ok: false, error: new SignetError('ERR_IPC_UNKNOWN_CHANNEL', `There is no IPC channel named "${channel}".`).toJSON() }
  }
  const name = channel as Channel
  const parsed = contract[name].input.safeParse(rawInput)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue && issue.path.length > 0 ? ` at "${issue.path.join('.')}"` : ''
    return {
      ok: false,
      error: new SignetError(
        'ERR_INVALID_ARGUMENT',
        `Invalid argument for ${channel}${where}: ${issue?.message ?? 'does not match the expected shape'}.`,
      ).toJSON(),
    }
  }
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>
    return { ok: true, value: await handler(parsed.data) }
  } catch (error) {
    return { ok: false, error: toSerializedError(error) }
  }
}
