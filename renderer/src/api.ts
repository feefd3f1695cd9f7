import type { Result, SignetApi } from '#shared/contract'
import { isErrorCode, type ErrorCode, type ErrorLocation, type SerializedError } from '#shared/errors'

/**
 * Typed access to `window.signet`, the bridge the preload builds from shared/contract.ts. The page
 * may also be opened outside Signet (a plain browser, a design review): then there is no bridge,
 * the local token work still runs, and whatever needs the main process says so instead of crashing.
 */

declare global {
  interface Window {
    signet?: SignetApi
  }
}

/** A failed call through the bridge, carrying the stable code the main process reported. */
export class SignetCallError extends Error {
  override readonly name = 'SignetCallError'
  readonly code: ErrorCode
  readonly location: ErrorLocation | undefined

  constructor(error: SerializedError) {
    super(error.message)
    this.code = error.code
    this.location = error.location
  }

  toJSON(): SerializedError {
    return this.location
      ? { code: this.code, message: this.message, location: this.location }
      : { code: this.code, message: this.message }
  }
}

export const bridgeMissingMessage =
  'Signet’s bridge to its main process is missing: this page was opened outside the Signet app. ' +
  'Decoding works here; keys, signing and the keychain need the desktop app (npm start).'

/** The bridge, or null when the page runs outside Signet. */
export function signetApi(): SignetApi | null {
  return typeof window !== 'undefined' && window.signet ? window.signet : null
}

/** The bridge, or a SignetCallError that explains why it is not there. */
export function requireSignetApi(): SignetApi {
  const api = signetApi()
  if (!api) throw new SignetCallError({ code: 'ERR_BRIDGE_MISSING', message: bridgeMissingMessage })
  return api
}

/**
 * Turns a bridge Result into its value, or throws a SignetCallError with the code and message the
 * main process sent. Anything malformed (a bridge that resolved to something else) is reported as
 * ERR_INTERNAL rather than trusted.
 */
export async function unwrap<T>(pending: Promise<Result<T>> | Result<T>): Promise<T> {
  const result: unknown = await pending
  if (isRecord(result) && result.ok === true && 'value' in result) return result.value as T
  if (
    isRecord(result) &&
    result.ok === false &&
    isRecord(result.error) &&
    isErrorCode(result.error.code) &&
    typeof result.error.message === 'string'
  ) {
    const location = isRecord(result.error.location) ? (result.error.location as ErrorLocation) : undefined
    throw new SignetCallError(
      location
        ? { code: result.error.code, message: result.error.message, location }
        : { code: result.error.code, message: result.error.message },
    )
  }
  throw new SignetCallError({
    code: 'ERR_INTERNAL',
    message:
      'The main process answered with something that is not a Result. Restart Signet; if it persists, report it.',
  })
}

/** `unwrap(requireSignetApi()…)` in one step: `call((api) => api.app.info())`. */
export function call<T>(operation: (api: SignetApi) => Promise<Result<T>>): Promise<T> {
  try {
    return unwrap(operation(requireSignetApi()))
  } catch (error) {
    return Promise.reject(error)
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}
