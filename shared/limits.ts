/**
 * Budgets for work driven by untrusted input. Every loop whose length the input decides is bounded
 * by one of these, and exceeding one raises its own code (shared/errors.ts) with a message that
 * states the limit — a hostile token must never keep a CPU busy or overflow a stack.
 *
 * The numbers are generous for real tokens (the largest seen in practice are tens of KB) and small
 * enough that the worst input a limit admits finishes in well under a second on a slow laptop.
 *
 * Each name carries its unit, and the check and the message use the same one: `…Bytes` is bytes
 * (of a file or stream before decoding, or a string's UTF-8 by shared/text/utf8-length.ts — never
 * `.length`, which a 3-byte character passes at a third of its size); `…Chars` is a string's
 * `.length`, and its message says "characters" (never a byte size); counts are entries. Messages
 * print sizes with formatBytes and counts with formatCount/plural (shared/text/).
 */

/**
 * Largest token text decode, lint, verify and decrypt accept, in characters (UTF-16 code units, a
 * string's `.length` — a real token is ASCII, where characters and bytes agree): ERR_TOKEN_TOO_LARGE.
 */
export const maxTokenChars = 8 * 1024 * 1024

/** Deepest JSON nesting (objects and arrays) any parser here accepts: ERR_JSON_TOO_DEEP. */
export const maxJsonDepth = 256

/**
 * Most object members plus array elements in one JSON document: ERR_JSON_TOO_MANY_MEMBERS. The
 * position-tracking parser (momoa) reads ~40k members a second on this class of machine, so this
 * keeps the worst admitted document near a second; a JWK Set of 1000 keys has ~10k.
 */
export const maxJsonMembers = 50_000

/** Signatures in one JWS JSON serialization, recipients in one JWE: ERR_BUDGET_EXCEEDED. */
export const maxSignatures = 100

/**
 * Bytes of signing input the weak-secret dictionary hashes per candidate (all HMAC signatures of a
 * token together). Above it the check is skipped with a finding: each candidate costs one HMAC over
 * the whole signing input, which no midstate can shorten, because HMAC's first block is the key.
 */
export const maxWeakSecretSigningInputBytes = 64 * 1024

/** Largest RSA modulus Signet reads (bits): ERR_KEY_TOO_LARGE. RFC 7518 needs 2048; 16384 is the largest in use. */
export const maxRsaModulusBits = 16_384

/** Largest key text (JWK, JWKS or PEM) accepted, in characters (UTF-16 code units): ERR_KEY_TOO_LARGE. */
export const maxKeyTextChars = 1024 * 1024

/** Keys in one JWK Set: ERR_KEY_TOO_LARGE. */
export const maxKeysInSet = 1000

/** PBKDF2 iterations (p2c) summed over every PBES2 attempt for one token: ERR_BUDGET_EXCEEDED. */
export const maxPbes2TotalCount = 1_000_000

/**
 * Entries in one Signet revocation list, managed or read (shared/revocation-list/format.ts):
 * ERR_REVOCATION_LIST_FULL when adding, ERR_REVOCATION_LIST_TOO_LARGE when reading. A verifier reads
 * the list whole, so 100,000 entries (~10 MB signed) bounds both the file and each lookup.
 */
export const maxRevocationListEntries = 100_000

/**
 * Entries in one set's managed revocation list: ERR_REVOCATION_LIST_FULL. Lower than what a verifier
 * reads because the store is one JSON document, validated on every read and rewritten whole on every
 * change: at 100,000 entries one add took ~40 s here (2 loaded cores), at 10,000 a few seconds at most.
 * A set that needs more should set a cutoff (signet revocations cutoff) rather than name tokens.
 */
export const maxManagedRevocationEntries = 10_000

/**
 * A JWK Set is a few kilobytes: the largest JWKS lint, diff and publish read, in bytes of UTF-8 (what a
 * verifier downloads). Files, standard input and command output are measured before decoding; text
 * from the page through shared/text/utf8-length.ts. ERR_JWKS_TOO_LARGE, one message: shared/jwks/size.ts.
 */
export const maxJwksBytes = 1024 * 1024
/** Deepest nesting in a JWKS (a real one needs 4): ERR_JWKS_TOO_DEEP. */
export const maxJwksDepth = 32
/** Most keys in a JWKS that lint and diff read: ERR_JWKS_TOO_MANY_KEYS. */
export const maxJwksKeys = 1000
/** Most audit entries one export writes (a year of heavy use is a few thousand): ERR_AUDIT_EXPORT_TOO_LARGE. */
export const maxAuditExportEntries = 100_000

// --- Scan and bulk verify under hostile input (signet scan, verify --tokens) ---
/** Longest line `verify --tokens` reads (characters); a longer one is dropped as it streams, reported malformed. */
export const maxBulkLineLength = 1_048_576
/**
 * Largest --max-token-length of `signet scan` (characters): the largest token decode reads
 * (maxTokenChars). The finder carries up to three times it per worker while a run is unfinished.
 */
export const maxScanTokenLength = maxTokenChars
/**
 * Most finding (and verifying) worker threads `signet scan --jobs` starts: each is a Node isolate of
 * some tens of MB, and it carries up to 3 × --max-token-length while a run is unfinished.
 */
export const maxScanJobs = 32

// --- Scan inputs: nested encodings and compressed files (signet scan, the app's Scan screen) ---
/**
 * Rounds of percent-decoding a scan applies to one run of text (shared/scan/percent.ts): a token in
 * a URL inside a URL-encoded parameter is escaped twice, one nested a level deeper three times.
 * Not an error past it: what is still escaped is left as it is.
 */
export const maxPercentDecodingRounds = 3
/**
 * Largest single entry of a HAR capture that a scan reads, in bytes of its JSON (UTF-8): the
 * capture is streamed entry by entry, so memory follows the largest entry, not the capture. A
 * larger entry (a video body, say) is skipped and reported: ERR_SCAN_HAR_ENTRY_TOO_LARGE.
 */
export const maxHarEntryBytes = 64 * 1024 * 1024
/**
 * gzip input (signet scan, the app's Scan screen), one rule for both (shared/scan/gzip-budget.ts):
 * decompressed bytes may reach maxGzipRatio times the compressed size (counted from at least
 * minGzipBudgetBase bytes, so the start of a stream is not judged on its first block), and never
 * more than maxGzipOutputBytes. Logs compress 5–20×, repetitive JSON logs up to ~50×; deflate's
 * own ceiling is ~1032×, which is where a gzip bomb sits (1 MB of "A"s is 1 GB):
 * ERR_SCAN_GZIP_TOO_LARGE, the file reported and skipped, the scan going on.
 */
export const maxGzipRatio = 200
export const maxGzipOutputBytes = 4 * 1024 * 1024 * 1024
export const minGzipBudgetBase = 64 * 1024
/**
 * Most distinct tokens one scan on the app's Scan screen lists: ERR_SCAN_APP_TOKEN_LIMIT. Every
 * row lives in the window's memory with its token, up to 50 places and its findings, and each is
 * verified in the page's worker; past the limit the scan adds no new token (places of tokens already
 * listed are still recorded), says so with the limit, and keeps what it found. `signet scan` streams
 * any number of tokens at constant memory.
 */
export const maxAppScanTokens = 25_000
