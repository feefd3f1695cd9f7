import { z } from 'zod'

/**
 * The key manager's records as they live in the store and cross IPC: key sets, and keys with their
 * public half and lifecycle history. Private material is never part of any of these; the schemas
 * refuse a JWK that carries a private member, so a bug cannot write one to the store or send one to
 * the renderer.
 */

export const signingAlgorithms = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'HS256',
  'HS384',
  'HS512',
] as const
export const signingAlgorithmSchema = z.enum(signingAlgorithms)
export type SigningAlgorithm = z.infer<typeof signingAlgorithmSchema>

export const rsaModulusLengths = [2048, 3072, 4096] as const

/** JWK members that carry private or secret key material (RFC 7518 §6.2.2, §6.3.2, §6.4.1). */
export const privateJwkMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const

export const keyStates = ['staged', 'active', 'retired', 'unpublished', 'destroyed', 'compromised'] as const
export const keyStateSchema = z.enum(keyStates)
export type KeyState = z.infer<typeof keyStateSchema>

export const keyActions = ['activate', 'retire', 'unpublish', 'compromise', 'destroy'] as const
export const keyActionSchema = z.enum(keyActions)
export type KeyAction = z.infer<typeof keyActionSchema>

const isoTimestamp = z.iso.datetime({ offset: true })
const seconds = z.number().int().nonnegative()

export const setNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
export const kidPattern = /^[\x21-\x7e]{1,128}$/

export const keySetSchema = z
  .object({
    id: z.uuid(),
    name: z.string().regex(setNamePattern),
    /** the `iss` every token signed in this set carries; null when the set does not set one */
    issuer: z.string().nullable(),
    description: z.string(),
    defaultTokenLifetime: seconds,
    maxTokenLifetime: seconds,
    jwksCacheTime: seconds,
    clockSkew: seconds,
    /** how often the active key should be replaced; null when the set has no rotation schedule */
    rotationPeriod: seconds.nullable(),
    createdAt: isoTimestamp,
    updatedAt: isoTimestamp,
    /** bumped by every change to the set or its keys, so a writer can tell the set moved under it */
    revision: z.number().int().nonnegative(),
  })
  .passthrough()
export type KeySet = z.infer<typeof keySetSchema>

export const publicJwkSchema = z
  .record(z.string(), z.unknown())
  .refine((jwk) => privateJwkMembers.every((member) => !(member in jwk)), {
    message: 'a public JWK must not carry private key members',
  })
export type PublicJwk = Record<string, unknown>

export const keyHistoryEntrySchema = z.object({
  state: keyStateSchema,
  at: isoTimestamp,
  /** the written reason of a forced move or a compromise */
  reason: z.string().optional(),
  forced: z.boolean().optional(),
})
export type KeyHistoryEntry = z.infer<typeof keyHistoryEntrySchema>

/**
 * The set's policy values a key was subject to while it could sign, each the largest seen. Lowering a
 * set's maximum token lifetime does not shorten the life of tokens already issued, so the guards use
 * these high-water marks rather than the set's current values.
 */
export const keyPolicyMarksSchema = z.object({
  maxTokenLifetime: seconds,
  jwksCacheTime: seconds,
  clockSkew: seconds,
})
export type KeyPolicyMarks = z.infer<typeof keyPolicyMarksSchema>

export const keyOrigins = ['generated', 'imported', 'rotated', 'adopted', 'restored'] as const

export const keyRecordSchema = z
  .object({
    /** internal id and the keychain account name; never shown as the kid */
    id: z.uuid(),
    kid: z.string().regex(kidPattern),
    setId: z.uuid(),
    alg: signingAlgorithmSchema,
    kty: z.enum(['RSA', 'EC', 'OKP', 'oct']),
    crv: z.string().optional(),
    /** RSA modulus length, or the secret's length for HS keys */
    bits: z.number().int().positive().optional(),
    state: keyStateSchema,
    history: z.array(keyHistoryEntrySchema).min(1),
    origin: z.enum(keyOrigins),
    /** null for HS keys: a shared secret has no public half */
    publicJwk: publicJwkSchema.nullable(),
    /** RFC 7638 SHA-256 thumbprint, base64url */
    thumbprint: z.string(),
    /** a staged key whose activation is scheduled (by rotation) for this time */
    activateAt: isoTimestamp.nullable(),
    /** the kid of the key this one replaced, when it came from a rotation */
    rotatedFrom: z.string().nullable(),
    policy: keyPolicyMarksSchema,
    /**
     * The latest `exp` of a token this key signed while it was not the active key. Such tokens outlive
     * the "retired + max token lifetime" bound, so the unpublish guard waits for them too.
     */
    signedUntil: isoTimestamp.nullable().default(null),
    /** whether the private material is in the keychain; 'missing' is set by reconciliation, never guessed */
    secret: z.enum(['present', 'missing', 'destroyed']),
  })
  .passthrough()
export type KeyRecord = z.infer<typeof keyRecordSchema>

/**
 * Where a key stands on one of its set's publish targets (#8.2): when it was first published there,
 * null while that target has not published it.
 */
export interface KeyPublication {
  target: string
  at: string | null
}

/**
 * What the key manager exposes for a key: the record plus the name of its set and, for every publish
 * target of the set, when the key was first published there (empty when the set has no targets).
 */
export type KeyInfo = KeyRecord & { setName: string; publishedOn?: KeyPublication[] }

/** A non-fatal note attached to a result: the caller must show it, but the operation went through. */
export interface Warning {
  code: string
  message: string
}
