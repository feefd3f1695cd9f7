/**
 * Budgets for decoding a Status List from an untrusted source. A ZLIB stream can expand about
 * 1000-fold, so a list of a few kilobytes could otherwise claim gigabytes of memory.
 */
export interface StatusListLimits {
  /** the longest `lst` string accepted, in characters (before base64url decoding) */
  maxLstChars: number
  /** the largest decompressed byte array accepted, in bytes */
  maxBytes: number
}

/**
 * 16 MiB decompressed holds 2^27 one-bit statuses or 2^24 eight-bit ones — far beyond the
 * draft's "millions of tokens" design goal (§1.3) — and 8 Mi characters of `lst`.
 */
export const defaultStatusListLimits: StatusListLimits = {
  maxLstChars: 8 * 1024 * 1024,
  maxBytes: 16 * 1024 * 1024,
}

/** The largest list Signet manages or encodes: 2^24 entries (2 MiB at 1 bit, 16 MiB at 8). */
export const maxStatusListSize = 1 << 24
