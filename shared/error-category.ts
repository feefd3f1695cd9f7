import type { ErrorCode } from './errors'

/**
 * What kind of failure an error code is — read by the CLI's exit code, the UI's tone and the wording
 * of messages, so one code behaves the same everywhere (before this, ERR_CONFLICT exited 1 from
 * `keys rotate` and 2 from `backup restore`).
 *
 * - `refused`: the input was understood, and Signet's state or policy says no (a lifecycle move too
 *   early, a kid already taken, another process changed the data). A negative result: exit 1.
 * - `input`: what was given is not usable (malformed token, unknown set, wrong passphrase, too large).
 *   Exit 2.
 * - `environment`: the machine prevents the operation (no keychain, unreadable store, locked log). Exit 2.
 * - `internal`: a fault in Signet itself. Exit 2.
 */
export type ErrorCategory = 'refused' | 'input' | 'environment' | 'internal'

/** Every code's category. A Record over ErrorCode, so a new code without a category does not compile. */
export const errorCategories: Record<ErrorCode, ErrorCategory> = {
  ERR_TOKEN_EMPTY: 'input',
  ERR_TOKEN_SEGMENT_COUNT: 'input',
  ERR_TOKEN_BASE64URL: 'input',
  ERR_TOKEN_JSON: 'input',
  ERR_TOKEN_NOT_OBJECT: 'input',
  ERR_TOKEN_DUPLICATE_MEMBER: 'input',
  ERR_TOKEN_MALFORMED: 'input',
  ERR_INVALID_ARGUMENT: 'input',
  ERR_USAGE: 'input',
  ERR_FILE_UNREADABLE: 'input',
  ERR_KEYCHAIN_UNAVAILABLE: 'environment',
  ERR_KEYCHAIN_DENIED: 'environment',
  ERR_STORE_CORRUPT: 'environment',
  ERR_STORE_UNWRITABLE: 'environment',
  ERR_STORE_NEWER_VERSION: 'environment',
  ERR_AUDIT_INVALID_ENTRY: 'internal',
  ERR_AUDIT_SECRET_REJECTED: 'internal',
  ERR_AUDIT_UNWRITABLE: 'environment',
  ERR_AUDIT_UNREADABLE: 'environment',
  ERR_AUDIT_LOCKED: 'environment',
  ERR_BACKUP_PASSPHRASE: 'input',
  ERR_BACKUP_WEAK_PASSPHRASE: 'input',
  ERR_BACKUP_CORRUPT: 'input',
  ERR_BACKUP_UNSUPPORTED: 'input',
  ERR_BACKUP_UNWRITABLE: 'environment',
  ERR_BACKUP_EMPTY: 'refused',
  ERR_SET_NOT_FOUND: 'input',
  ERR_SET_EXISTS: 'refused',
  ERR_SET_INVALID: 'input',
  ERR_SET_NOT_EMPTY: 'refused',
  ERR_SET_NO_ACTIVE_KEY: 'refused',
  ERR_KEY_NOT_FOUND: 'input',
  ERR_KEY_KID_TAKEN: 'refused',
  ERR_KEY_DUPLICATE: 'refused',
  ERR_KEY_INVALID: 'input',
  ERR_KEY_UNSUPPORTED: 'input',
  ERR_KEY_TOO_WEAK: 'input',
  ERR_KEY_ALG_MISMATCH: 'input',
  ERR_KEY_NOT_PRIVATE: 'input',
  ERR_KEY_PASSPHRASE_REQUIRED: 'input',
  ERR_KEY_PASSPHRASE_WRONG: 'input',
  ERR_KEY_SYMMETRIC: 'input',
  ERR_KEY_SECRET_MISSING: 'environment',
  ERR_KEY_CUSTODY_MISMATCH: 'environment',
  ERR_KEY_CUSTODY_FAILED: 'environment',
  ERR_KEY_COMPROMISED: 'refused',
  ERR_KEY_DESTROYED: 'refused',
  ERR_KEY_NOT_ORPHAN: 'refused',
  ERR_KEY_SET_AMBIGUOUS: 'input',
  ERR_SECRET_INVALID: 'input',
  ERR_POLICY_INVALID: 'input',
  ERR_POLICY_EXISTS: 'refused',
  ERR_POLICY_NOT_FOUND: 'input',
  ERR_TIME_INVALID: 'input',
  ERR_JWE_DECRYPT_FAILED: 'refused',
  ERR_JWE_NOT_ENCRYPTED: 'input',
  ERR_LIFECYCLE_TRANSITION: 'refused',
  ERR_LIFECYCLE_TOO_EARLY: 'refused',
  ERR_LIFECYCLE_REASON_REQUIRED: 'refused',
  ERR_LIFECYCLE_ROTATION_PENDING: 'refused',
  ERR_CONFLICT: 'refused',
  ERR_DURATION_INVALID: 'input',
  ERR_SIGN_CLAIMS_INVALID: 'input',
  ERR_SIGN_LIFETIME_EXCEEDED: 'refused',
  ERR_SIGN_RECIPIENT_KEY: 'input',
  ERR_WEAK_SECRET_NOT_HMAC: 'input',
  ERR_WEAK_SECRET_ABORTED: 'refused',
  ERR_IPC_FORBIDDEN_SENDER: 'refused',
  ERR_IPC_UNKNOWN_CHANNEL: 'input',
  ERR_BRIDGE_MISSING: 'environment',
  ERR_JWKS_JSON: 'input',
  ERR_JWKS_TOO_LARGE: 'input',
  ERR_JWKS_TOO_DEEP: 'input',
  ERR_JWKS_TOO_MANY_KEYS: 'input',
  ERR_JWKS_INVALID: 'input',
  ERR_SERVE_FAILED: 'environment',
  ERR_STORE_RECOVERY_UNACKNOWLEDGED: 'refused',
  ERR_AUDIT_NOT_REPAIRABLE: 'refused',
  ERR_FILE_HANDLE_INVALID: 'input',
  ERR_FILE_HANDLE_EXPIRED: 'input',
  ERR_FILE_HANDLE_PURPOSE: 'input',
  ERR_FILE_PATH_REFUSED: 'input',
  ERR_NOT_CONFIRMED: 'refused',
  ERR_SCAN_HAR_INVALID: 'input',
  ERR_SCAN_HAR_TOO_LARGE: 'input',
  ERR_SCAN_HAR_TOO_MANY_ENTRIES: 'input',
  ERR_SCAN_TOO_MANY_TOKENS: 'input',
  ERR_SCAN_TOO_MANY_FILES: 'input',
  ERR_TOKEN_TOO_LARGE: 'input',
  ERR_JSON_TOO_DEEP: 'input',
  ERR_JSON_TOO_MANY_MEMBERS: 'input',
  ERR_KEY_TOO_LARGE: 'input',
  ERR_BUDGET_EXCEEDED: 'input',
  ERR_CONFIRMATION_REQUIRED: 'refused',
  ERR_INTERNAL: 'internal',
}

/** The category of `code`; `internal` for anything that is not a known code. */
export function errorCategory(code: string): ErrorCategory {
  return (errorCategories as Record<string, ErrorCategory | undefined>)[code] ?? 'internal'
}
