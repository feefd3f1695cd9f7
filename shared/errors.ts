/**
 * Every failure Signet reports carries a stable code (in the style of jose's ERR_JWT_EXPIRED) and a
 * message a person can act on: what was wrong, where, and what to do about it.
 *
 * Codes are part of the public surface (IPC results, CLI --json output, scripts): never rename one.
 */
export const errorCodes = [
  // input that is not a token at all, or not a well-formed one
  'ERR_TOKEN_EMPTY',
  'ERR_TOKEN_SEGMENT_COUNT',
  'ERR_TOKEN_BASE64URL',
  'ERR_TOKEN_JSON',
  'ERR_TOKEN_NOT_OBJECT',
  'ERR_TOKEN_DUPLICATE_MEMBER',
  'ERR_TOKEN_MALFORMED',
  // budgets on input-driven work (shared/limits.ts): each message states the limit
  'ERR_TOKEN_TOO_LARGE',
  'ERR_JSON_TOO_DEEP',
  'ERR_JSON_TOO_MANY_MEMBERS',
  'ERR_KEY_TOO_LARGE',
  'ERR_BUDGET_EXCEEDED',
  // IPC / CLI arguments that do not match what the operation takes
  'ERR_INVALID_ARGUMENT',
  'ERR_USAGE',
  'ERR_FILE_UNREADABLE',
  // the OS keychain
  'ERR_KEYCHAIN_UNAVAILABLE',
  'ERR_KEYCHAIN_DENIED',
  // the store file
  'ERR_STORE_CORRUPT',
  'ERR_STORE_UNWRITABLE',
  'ERR_STORE_NEWER_VERSION',
  // a store recovery the user has not acknowledged blocks what could destroy the only copy of a key
  'ERR_STORE_RECOVERY_UNACKNOWLEDGED',
  // the audit log
  'ERR_AUDIT_INVALID_ENTRY',
  'ERR_AUDIT_SECRET_REJECTED',
  'ERR_AUDIT_UNWRITABLE',
  'ERR_AUDIT_UNREADABLE',
  'ERR_AUDIT_LOCKED',
  'ERR_AUDIT_NOT_REPAIRABLE',
  'ERR_AUDIT_EXPORT_TOO_LARGE',
  // backup files
  'ERR_BACKUP_PASSPHRASE',
  'ERR_BACKUP_WEAK_PASSPHRASE',
  'ERR_BACKUP_CORRUPT',
  'ERR_BACKUP_UNSUPPORTED',
  'ERR_BACKUP_UNWRITABLE',
  'ERR_BACKUP_EMPTY',
  'ERR_BACKUP_TOO_LARGE',
  // key sets
  'ERR_SET_NOT_FOUND',
  'ERR_SET_EXISTS',
  'ERR_SET_INVALID',
  'ERR_SET_NOT_EMPTY',
  'ERR_SET_NO_ACTIVE_KEY',
  // keys: material, custody, identity
  'ERR_KEY_NOT_FOUND',
  'ERR_KEY_KID_TAKEN',
  'ERR_KEY_DUPLICATE',
  'ERR_KEY_INVALID',
  'ERR_KEY_UNSUPPORTED',
  'ERR_KEY_TOO_WEAK',
  'ERR_KEY_ALG_MISMATCH',
  'ERR_KEY_NOT_PRIVATE',
  'ERR_KEY_PASSPHRASE_REQUIRED',
  'ERR_KEY_PASSPHRASE_WRONG',
  'ERR_KEY_SYMMETRIC',
  'ERR_KEY_SECRET_MISSING',
  'ERR_KEY_CUSTODY_MISMATCH',
  'ERR_KEY_CUSTODY_FAILED',
  'ERR_KEY_COMPROMISED',
  'ERR_KEY_DESTROYED',
  'ERR_KEY_NOT_ORPHAN',
  // key input for verification and decryption: sets, secrets
  'ERR_KEY_SET_AMBIGUOUS',
  'ERR_SECRET_INVALID',
  // validation policies and evaluation times
  'ERR_POLICY_INVALID',
  'ERR_POLICY_EXISTS',
  'ERR_POLICY_NOT_FOUND',
  'ERR_TIME_INVALID',
  // JWE decryption
  'ERR_JWE_DECRYPT_FAILED',
  'ERR_JWE_NOT_ENCRYPTED',
  // key lifecycle and rotation
  'ERR_LIFECYCLE_TRANSITION',
  'ERR_LIFECYCLE_TOO_EARLY',
  'ERR_LIFECYCLE_REASON_REQUIRED',
  'ERR_LIFECYCLE_ROTATION_PENDING',
  // an irreversible step the CLI takes only when confirmed (--force), as the app asks to type the kid
  'ERR_CONFIRMATION_REQUIRED',
  // another Signet process holds the key manager's lock, or changed what this operation relied on
  'ERR_CONFLICT',
  // durations such as 15m, 1h, 7d
  'ERR_DURATION_INVALID',
  // signing
  'ERR_SIGN_CLAIMS_INVALID',
  'ERR_SIGN_LIFETIME_EXCEEDED',
  'ERR_SIGN_RECIPIENT_KEY',
  // re-signing an edited token in Inspect with a pasted key (issue 12.6)
  'ERR_SIGN_HEADER_INVALID',
  'ERR_SIGN_KEY_UNSUITABLE',
  // the weak-secret dictionary check
  'ERR_WEAK_SECRET_NOT_HMAC',
  'ERR_WEAK_SECRET_ABORTED',
  // JWKS lint, diff and publishing (issue 8)
  'ERR_JWKS_JSON',
  'ERR_JWKS_TOO_LARGE',
  'ERR_JWKS_TOO_DEEP',
  'ERR_JWKS_TOO_MANY_KEYS',
  'ERR_JWKS_INVALID',
  'ERR_SERVE_FAILED',
  'ERR_PUBLISH_TARGET_EXISTS',
  'ERR_PUBLISH_TARGET_NOT_FOUND',
  'ERR_PUBLISH_TARGET_INVALID',
  'ERR_PUBLISH_REFUSED',
  'ERR_PUBLISH_REASON_REQUIRED',
  'ERR_PUBLISH_DIRTY_TREE',
  'ERR_PUBLISH_GIT_FAILED',
  'ERR_PUBLISH_COMMAND_FAILED',
  'ERR_PUBLISH_COMMAND_TIMEOUT',
  'ERR_PUBLISH_OUTPUT_TOO_LARGE',
  'ERR_PUBLISH_WRITE_FAILED',
  'ERR_PUBLISH_READ_BACK_MISMATCH',
  'ERR_LIFECYCLE_NOT_PUBLISHED',
  // files the page may name only by a handle from main's own dialog; confirmations main asks itself
  'ERR_FILE_HANDLE_INVALID',
  'ERR_FILE_HANDLE_EXPIRED',
  'ERR_FILE_HANDLE_PURPOSE',
  'ERR_FILE_PATH_REFUSED',
  'ERR_FILE_WRITE',
  'ERR_NOT_CONFIRMED',
  // bulk scan: HAR captures and scan budgets
  'ERR_SCAN_HAR_INVALID',
  'ERR_SCAN_HAR_ENTRY_TOO_LARGE',
  'ERR_SCAN_HAR_ENTRY_TOO_DEEP',
  'ERR_SCAN_GZIP_TOO_LARGE',
  'ERR_SCAN_TOO_MANY_TOKENS',
  'ERR_SCAN_INPUT_SKIPPED',
  'ERR_SCAN_TOO_MANY_FILES',
  'ERR_SCAN_REPORT_HAS_TOKEN',
  // the Scan screen lists at most maxAppScanTokens distinct tokens (shared/limits.ts)
  'ERR_SCAN_APP_TOKEN_LIMIT',
  // signet scan: --include/--exclude left no file in the directories given
  'ERR_SCAN_NO_FILES_MATCHED',
  // the IETF Token Status List (draft-ietf-oauth-status-list) and Signet's revocation lists
  'ERR_STATUS_LIST_BITS',
  'ERR_STATUS_LIST_ENCODING',
  'ERR_STATUS_LIST_COMPRESSED_TOO_LARGE',
  'ERR_STATUS_LIST_TOO_LARGE',
  'ERR_STATUS_LIST_ZLIB',
  'ERR_STATUS_LIST_LENGTH',
  'ERR_STATUS_LIST_PADDING',
  'ERR_STATUS_LIST_W3C_FORMAT',
  'ERR_STATUS_LIST_INDEX',
  'ERR_STATUS_LIST_VALUE',
  'ERR_STATUS_LIST_TOO_MANY_STATUSES',
  'ERR_STATUS_LIST_NOT_FOUND',
  'ERR_STATUS_LIST_EXISTS',
  'ERR_STATUS_LIST_FULL',
  'ERR_STATUS_LIST_CLOSED',
  'ERR_STATUS_LIST_INVALID',
  'ERR_STATUS_LIST_TOKEN',
  'ERR_REVOCATION_LIST_INVALID',
  'ERR_REVOCATION_LIST_TOO_LARGE',
  // managed legacy revocation lists (electron/services/revocations/*-revocation*)
  'ERR_REVOCATION_LIST_FULL',
  'ERR_REVOCATION_ENTRY_INVALID',
  'ERR_REVOCATION_ENTRY_NOT_FOUND',
  'ERR_REVOCATION_LIST_TOKEN',
  // IPC plumbing
  'ERR_IPC_FORBIDDEN_SENDER',
  'ERR_IPC_UNKNOWN_CHANNEL',
  // the renderer opened outside the app: there is no window.signet bridge
  'ERR_BRIDGE_MISSING',
  'ERR_INTERNAL',
] as const

export type ErrorCode = (typeof errorCodes)[number]

/** Where in the input a problem sits, so a UI can underline it and a CLI can point at it. */
export interface ErrorLocation {
  /** e.g. "header", "payload", "signature", "protected", "encrypted_key", or a file path */
  segment?: string
  /** 0-based character offset into the (normalised) input */
  offset?: number
  /** length of the offending span, when known */
  length?: number
}

export interface SerializedError {
  code: ErrorCode
  message: string
  location?: ErrorLocation
}

export class SignetError extends Error {
  override readonly name = 'SignetError'
  readonly code: ErrorCode
  readonly location: ErrorLocation | undefined

  constructor(code: ErrorCode, message: string, location?: ErrorLocation) {
    super(message)
    this.code = code
    this.location = location
  }

  toJSON(): SerializedError {
    return this.location
      ? { code: this.code, message: this.message, location: this.location }
      : { code: this.code, message: this.message }
  }
}

export function isSignetError(value: unknown): value is SignetError {
  return value instanceof SignetError
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value)
}

/**
 * Turns anything thrown into a SerializedError that is safe to hand across a trust boundary.
 * Unknown errors become ERR_INTERNAL with a generic message: their text may carry paths, secrets or
 * stack details that were never written for a user, so it is not forwarded.
 */
export function toSerializedError(error: unknown): SerializedError {
  if (error instanceof SignetError) return error.toJSON()
  return {
    code: 'ERR_INTERNAL',
    message:
      'An unexpected internal error stopped the operation before it completed. ' +
      'Check the result before retrying, and report it with the steps that led to it.',
  }
}
