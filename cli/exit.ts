import { errorCategory } from '../shared/error-category'

/**
 * Exit codes, the same for every command:
 * 0 success; 1 a negative result (invalid token, failed check, tampered log); 2 bad usage,
 * unreadable input, or an environment that prevents the operation (e.g. no keychain).
 */
export const exitCodes = { ok: 0, negative: 1, usage: 2 } as const

/** The exit code for a failure with this error code: a refusal is a negative result (1), everything else 2. */
export function exitCodeForError(code: string): number {
  return errorCategory(code) === 'refused' ? exitCodes.negative : exitCodes.usage
}
