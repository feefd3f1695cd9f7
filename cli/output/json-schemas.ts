import { z } from 'zod'

/**
 * The shape of every `--json` output, one per command, in one place (documented in the README).
 * Every document starts with `schemaVersion` (write.ts); the same things have the same names in
 * every command: `header` is the JOSE Header, `claims` the JWT Claims Set, `key`/`keys` Signet's key
 * records, `warnings` [{code, message}]. New fields may appear; a rename or removal bumps
 * schemaVersion. Errors under --json are `jsonErrorSchema` on stderr.
 */

const versioned = <T extends z.ZodRawShape>(shape: T) => z.object({ schemaVersion: z.literal(1), ...shape })
const object = z.record(z.string(), z.unknown())
const warnings = z.array(z.object({ code: z.string(), message: z.string() }))
const check = z
  .object({
    id: z.string(),
    title: z.string(),
    status: z.enum(['pass', 'fail', 'warn', 'skipped']),
    message: z.string(),
  })
  .loose()
const revocationList = z
  .object({
    set: z.string(),
    entries: z.array(object),
    notBefore: z.number().nullable(),
    lastExportAt: z.string().nullable(),
    expired: z.number(),
    diff: z.array(object),
  })
  .loose()
const keyInfo = z
  .object({ kid: z.string(), alg: z.string(), state: z.string(), setName: z.string(), history: z.array(object) })
  .loose()

export const jsonErrorSchema = z
  .object({
    schemaVersion: z.literal(1),
    code: z.string().regex(/^ERR_[A-Z0-9_]+$/),
    message: z.string(),
    exitCode: z.number().int(),
  })
  .strict()

export const jsonSchemas = {
  decode: versioned({
    header: object,
    claims: object.nullable(),
    type: z.enum(['jws', 'jwe']),
    form: z.string(),
    label: z.string(),
    notes: object,
  }),
  verify: versioned({
    verdict: z.enum(['valid', 'invalid', 'indeterminate']),
    reason: z.string(),
    checks: z.array(check),
    header: object,
    claims: object.nullable(),
    key: object.nullable(),
    at: z.number(),
  }),
  decrypt: versioned({
    status: z.string(),
    reason: z.string(),
    checks: z.array(check),
    header: object.nullable(),
    key: object.nullable(),
    flags: z.array(z.string()),
    plaintext: z.string().nullable(),
    plaintextEncoding: z.enum(['utf8', 'base64url']).nullable(),
    nested: object.nullable(),
  }),
  lint: versioned({
    form: z.string(),
    summary: z.object({ high: z.number(), medium: z.number(), low: z.number(), info: z.number() }),
    findings: z.array(object),
  }),
  thumbprint: versioned({ thumbprint: z.string().regex(/^[A-Za-z0-9_-]{43}$/), hashAlgorithm: z.literal('SHA-256') }),
  info: versioned({
    name: z.literal('Signet'),
    version: z.string(),
    dataDir: z.string(),
    storePath: z.string(),
    keychain: object,
  }),
  'audit list': versioned({ entries: z.array(object), matched: z.number(), chain: object }),
  'audit verify': versioned({ intact: z.boolean(), entries: z.number(), path: z.string() }),
  'backup create': versioned({ path: z.string(), bytes: z.number(), sha256: z.string(), summary: object, warnings }),
  'backup inspect': versioned({
    path: z.string(),
    bytes: z.number(),
    alg: z.string(),
    enc: z.string(),
    summary: object.nullable(),
  }),
  'backup restore': versioned({
    path: z.string(),
    dryRun: z.boolean(),
    keys: z.array(object),
    counts: object,
    warnings,
  }),
  'sets create': versioned({ set: object, warnings }),
  'sets list': versioned({ sets: z.array(object) }),
  'keys generate': versioned({ key: keyInfo, warnings }),
  'keys import': versioned({ key: keyInfo, warnings }),
  'keys rotate': versioned({ key: keyInfo, previous: keyInfo, activateAt: z.string().nullable(), warnings }),
  'keys list': versioned({ keys: z.array(keyInfo) }),
  'keys certificate': versioned({
    key: keyInfo,
    certificate: z.object({
      subject: z.string(),
      serialNumber: z.string(),
      notBefore: z.string(),
      notAfter: z.string(),
      x5tS256: z.string(),
      pem: z.string(),
    }),
    warnings,
  }),
  'keys export-public': versioned({
    kid: z.string(),
    alg: z.string(),
    set: z.string(),
    jwk: object,
    pem: z.string(),
    thumbprint: z.string(),
  }),
  'keys transition': versioned({
    key: keyInfo,
    alsoChanged: z.array(keyInfo),
    warnings,
    revocation: object.optional(),
  }),
  'keys reconcile': versioned({
    accountedFor: z.number(),
    orphans: z.array(object),
    missing: z.array(object),
    performed: z.array(z.string()),
  }),
  sign: versioned({
    token: z.string(),
    set: z.string(),
    kid: z.string(),
    alg: z.string(),
    header: object,
    claims: object,
    warnings,
  }),
  'jwks export': versioned({
    set: z.string(),
    jwks: z.object({ keys: z.array(object) }),
    keys: z.array(object),
    sha256: z.string(),
    omittedSymmetric: z.array(z.string()),
  }),
  'jwks targets list': versioned({ targets: z.array(object) }),
  'jwks targets add': versioned({ target: object }),
  'jwks plan': versioned({
    set: z.string(),
    jwks: z.string(),
    sha256: z.string(),
    findings: z.array(object),
    targets: z.array(object),
    ok: z.boolean(),
  }),
  'jwks publish': versioned({ set: z.string(), targets: z.array(object), warnings }),
  'revocations list': versioned({ list: revocationList }),
  'revocations add': versioned({ list: revocationList, pruned: z.number(), warnings }),
  'revocations remove': versioned({ list: revocationList, pruned: z.number(), warnings }),
  'revocations cutoff': versioned({ list: revocationList, pruned: z.number(), warnings }),
  'revocations export': versioned({
    token: z.string(),
    kid: z.string(),
    alg: z.string(),
    claim: object,
    diff: z.array(object),
    pruned: z.number(),
    warnings,
  }),
} as const

export type JsonCommand = keyof typeof jsonSchemas

const scanLocation = z
  .object({
    file: z.string(),
    line: z.number().int().optional(),
    column: z.number().int().optional(),
    entry: z.number().int().optional(),
    field: z.string().optional(),
    percentEncoded: z.literal(true).optional(),
    jsonPath: z.string().optional(),
  })
  .strict()

/**
 * `signet scan --ndjson`, one line each (no `--json` document: a stream). Version 2: a token's line
 * is written when it is first analysed, with its locations so far; each later sighting is a
 * location line naming the token's SHA-256; the summary comes last. (Version 1, without
 * `schemaVersion` on its lines, wrote each token once the whole input was read.)
 */
export const scanNdjsonLineSchema = z.discriminatedUnion('type', [
  z
    .object({
      schemaVersion: z.literal(2),
      type: z.literal('token'),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      fingerprint: z.string().regex(/^sha256:[0-9a-f]{16}$/),
      redacted: z.string(),
      token: z.string().optional(),
      kind: z.string(),
      occurrences: z.number().int().positive(),
      locations: z.array(scanLocation).min(1),
      verdict: z.enum(['valid', 'invalid', 'expired', 'unverifiable', 'malformed', 'encrypted']),
      reason: z.string(),
      findings: z.array(object),
    })
    .loose(),
  z
    .object({
      schemaVersion: z.literal(2),
      type: z.literal('location'),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      location: scanLocation,
    })
    .strict(),
  z
    .object({
      schemaVersion: z.literal(2),
      type: z.literal('summary'),
      inputs: object,
      tokens: z.object({ distinct: z.number(), occurrences: z.number(), skippedTooLong: z.number() }),
      exitCode: z.union([z.literal(0), z.literal(1), z.literal(2)]),
    })
    .loose(),
])
