import { errorCategory } from '#shared/error-category'
import { SignetError } from '#shared/errors'
import { printError } from './output/write'

/**
 * Exit codes, the same for every command:
 * 0 success; 1 a negative result (invalid token, failed check, tampered log, a refusal by the current
 * state); 2 bad usage, unreadable input, or an environment that prevents the operation (no keychain).
 */
export const exitCodes = { ok: 0, negative: 1, usage: 2 } as const

/** The exit code for a failure with this error code: a refusal is a negative result (1), everything else 2. */
export function exitCodeForError(code: string): number {
  return errorCategory(code) === 'refused' ? exitCodes.negative : exitCodes.usage
}

const usage = '2 bad usage, unreadable input, or an environment problem (e.g. no keychain)'
const refused =
  '1 refused by the current state (a lifecycle guard, a pending rotation, another Signet process, a name or kid taken)'

/** What exit 0 and 1 mean per command (by its path, e.g. "keys activate"); 2 is the same everywhere. */
const meanings: Record<string, string> = {
  decode: '0 decoded',
  verify:
    '0 valid (with --tokens: every token valid); 1 rejected, the trace says why (with --tokens: any token not valid)',
  decrypt: '0 decrypted; 1 not decrypted (the checks say why)',
  lint: '0 no high finding; 1 at least one high finding',
  thumbprint: '0 printed',
  info: '0 the keychain is usable; 2 it is not',
  'audit list': '0 listed (a damaged log is reported on stderr)',
  'audit verify': '0 intact; 1 edited, deleted, reordered or cut off',
  'audit export': '0 written (to --out, or to standard output); 2 also when more entries match than one export writes',
  'audit repair': '0 repaired, or nothing to repair; 1 the log is still damaged after the repair',
  'backup create': '0 written',
  'backup restore': '0 restored (or dry run done)',
  'backup inspect': '0 shown',
  'keys reconcile': '0 nothing orphaned or missing; 1 something to resolve',
  'jwks plan': '0 safe to publish (or up to date); 1 a change is refused',
  'jwks lint': '0 no high finding; 1 at least one high finding',
  'jwks diff': "0 every change is safe; 1 a removal is unsafe for the set's lifecycle, or a kid's key changed",
  'jwks serve': '0 stopped by SIGINT or SIGTERM',
  scan: '0 nothing failed; 1 a token failed verification or policy (invalid, expired), a malformed token, a high finding, or with --fail-unverifiable a token no given key could check; exit 2 is also given when an input cannot be read, when --include/--exclude leave no file to read, and when --json or --sarif pass their distinct-token budget',
  'jwks publish':
    '0 published (or already up to date); 1 refused by a guard, a dirty working tree, another Signet process',
}

/**
 * The "Exit codes:" paragraph for a command's --help. A meaning that says something of its own
 * about 2 gets the shared clause joined to it ("2 it is not, or bad usage…"), not a second "2".
 */
export function exitCodeHelp(path: string): string {
  const first = meanings[path] ?? `0 done; ${refused}`
  return /(^|; )2 [^;]*$/.test(first)
    ? `\nExit codes: ${first}, or ${usage.slice(2)}.`
    : `\nExit codes: ${first}; ${usage}.`
}

/** Runs a command body; a refusal (shared/error-category.ts) prints like any error but exits 1, anything else goes to signet.ts. */
export async function runRefusable(body: () => Promise<void>): Promise<void> {
  try {
    await body()
  } catch (error) {
    if (error instanceof SignetError && errorCategory(error.code) === 'refused') {
      process.exitCode = printError(error, exitCodes.negative)
      return
    }
    throw error
  }
}
