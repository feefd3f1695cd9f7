import { z } from 'zod'
import { channel, noInput } from './channel'
import { durationSchema } from '../time/duration'
import type { RotationStatus } from '../managed-keys/model'
import {
  signingAlgorithmSchema,
  type KeyInfo,
  type KeySet,
  type KeyState,
  type PublicJwk,
  type Warning,
} from '../managed-keys/types'

/**
 * Inputs and outputs of the key manager's IPC channels (listed in shared/contract.ts). Inputs are
 * untrusted: every field is bounded. Outputs are public: no schema here can describe a private member.
 */

/** a key set's name (or its id) */
const setRef = z.string().min(1).max(128)
/** a key's kid: unique across every set, tombstones included */
const kidRef = z.string().min(1).max(128)

const setPolicyFields = {
  issuer: z.string().min(1).max(2048).nullable().optional(),
  description: z.string().max(2000).optional(),
  defaultTokenLifetime: durationSchema.optional(),
  maxTokenLifetime: durationSchema.optional(),
  jwksCacheTime: durationSchema.optional(),
  clockSkew: durationSchema.optional(),
  rotationPeriod: durationSchema.nullable().optional(),
}

export const setsCreateInputSchema = z.object({ name: z.string().min(1).max(64), ...setPolicyFields }).strict()
export type SetsCreateInput = z.infer<typeof setsCreateInputSchema>

export const setsUpdateInputSchema = z
  .object({
    set: setRef,
    changes: z.object({ name: z.string().min(1).max(64).optional(), ...setPolicyFields }).strict(),
  })
  .strict()
export type SetsUpdateInput = z.infer<typeof setsUpdateInputSchema>

export const setRefInputSchema = z.object({ set: setRef }).strict()

export const keysListInputSchema = z
  .object({ set: setRef.optional(), includeDestroyed: z.boolean().optional() })
  .strict()
  .optional()
export type KeysListInput = z.infer<typeof keysListInputSchema>

export const keysGenerateInputSchema = z
  .object({
    set: setRef,
    alg: signingAlgorithmSchema,
    /** RSA modulus length (2048, 3072, 4096); RS and PS only */
    bits: z.number().int().optional(),
    kid: kidRef.optional(),
    activate: z.boolean().optional(),
  })
  .strict()
export type KeysGenerateInput = z.infer<typeof keysGenerateInputSchema>

export const keysImportInputSchema = z
  .object({
    set: setRef,
    /** PEM (PKCS#8, encrypted PKCS#8, PKCS#1, SEC1) or a private JWK as JSON */
    source: z
      .string()
      .min(1)
      .max(64 * 1024),
    passphrase: z.string().max(1024).optional(),
    /** needed only where the key does not say (an RSA key used for PS*) */
    alg: signingAlgorithmSchema.optional(),
    kid: kidRef.optional(),
    activate: z.boolean().optional(),
  })
  .strict()
export type KeysImportInput = z.infer<typeof keysImportInputSchema>

export const kidInputSchema = z.object({ kid: kidRef }).strict()

export const keyTransitionInputSchema = z
  .object({
    kid: kidRef,
    /** bypass a guard (the unpublish safe date); needs a written reason */
    force: z.boolean().optional(),
    reason: z.string().max(1000).optional(),
  })
  .strict()
export type KeyTransitionInput = z.infer<typeof keyTransitionInputSchema>

export const keysRotateInputSchema = z
  .object({
    set: setRef,
    /** activate the new key at once instead of after the JWKS cache time */
    immediately: z.boolean().optional(),
  })
  .strict()
export type KeysRotateInput = z.infer<typeof keysRotateInputSchema>

export const keysReconcileInputSchema = z
  .object({
    /** take an orphaned keychain entry under management (as a staged key) */
    adopt: z
      .array(z.object({ account: z.string().min(1).max(256), set: setRef.optional() }).strict())
      .max(100)
      .optional(),
    /** delete orphaned keychain entries for good */
    remove: z.array(z.string().min(1).max(256)).max(100).optional(),
    /** record that a key's private half is gone from the keychain */
    markMissing: z.array(kidRef).max(100).optional(),
    /** put an orphaned entry back under the missing key it holds (same RFC 7638 thumbprint) */
    relink: z
      .array(z.object({ account: z.string().min(1).max(256), kid: kidRef }).strict())
      .max(100)
      .optional(),
  })
  .strict()
  .optional()
export type KeysReconcileInput = z.infer<typeof keysReconcileInputSchema>

export const jweKeyManagementAlgorithms = [
  'RSA-OAEP',
  'RSA-OAEP-256',
  'ECDH-ES',
  'ECDH-ES+A128KW',
  'ECDH-ES+A256KW',
] as const
export const jweContentAlgorithms = ['A128GCM', 'A192GCM', 'A256GCM', 'A128CBC-HS256', 'A256CBC-HS512'] as const

export const signTokenInputSchema = z
  .object({
    set: setRef,
    /** sign with this key instead of the set's active key (the result carries a warning) */
    kid: kidRef.optional(),
    claims: z.record(z.string(), z.unknown()),
    /** lifetime from now; default: the set's default token lifetime */
    expiresIn: durationSchema.optional(),
    /** delay before the token becomes valid (sets nbf) */
    notBefore: durationSchema.optional(),
    /** the typ header; default "JWT", null leaves it out */
    typ: z.string().min(1).max(64).nullable().optional(),
    cty: z.string().min(1).max(64).optional(),
    /** add a random jti unless the claims carry one; default true */
    jti: z.boolean().optional(),
    /** wrap the signed token in a JWE for this recipient's public key */
    encryptTo: z
      .object({
        jwk: z.record(z.string(), z.unknown()),
        alg: z.enum(jweKeyManagementAlgorithms).optional(),
        enc: z.enum(jweContentAlgorithms).optional(),
      })
      .strict()
      .optional(),
    /**
     * allocate a random index in this managed status list and add status.status_list {idx, uri}
     * (draft-ietf-oauth-status-list-19 §6.1); the index's local note records jti, sub, exp and the signing kid
     */
    statusList: z.string().min(1).max(63).optional(),
  })
  .strict()
export type SignTokenInput = z.infer<typeof signTokenInputSchema>

export const verifyTokenInputSchema = z
  .object({
    token: z
      .string()
      .min(1)
      .max(256 * 1024),
  })
  .strict()

export interface SetInfo extends KeySet {
  keyCounts: Record<KeyState, number>
  activeKid: string | null
  rotation: RotationStatus
}

export interface SetsListResult {
  sets: SetInfo[]
}

export interface SetResult {
  set: SetInfo
  warnings: Warning[]
}

export interface SetDeleteResult {
  deleted: string
  /** tombstones of destroyed keys that belonged to the set; kept so their kids are never reused */
  tombstones: number
}

export interface KeysListResult {
  keys: KeyInfo[]
}

export interface KeyResult {
  key: KeyInfo
  warnings: Warning[]
}

export interface TransitionResult extends KeyResult {
  /** other keys the move changed (the key an activation retired, a cancelled schedule) */
  alsoChanged: KeyInfo[]
}

export interface RotateResult extends KeyResult {
  previous: KeyInfo
  /** when the new key activates; null when it activated at once */
  activateAt: string | null
}

export interface PublicKeyExport {
  kid: string
  alg: string
  set: string
  jwk: PublicJwk
  /** SubjectPublicKeyInfo, PEM */
  pem: string
  /** RFC 7638, SHA-256, base64url */
  thumbprint: string
  /** RFC 9278 */
  thumbprintUri: string
}

export interface JwksExport {
  set: string
  /** the published JWKS, canonical and pretty-printed: the same keys always give the same text */
  jwks: string
  keys: { kid: string; alg: string; state: KeyState }[]
  /** SHA-256 of `jwks`, hex, to compare exports without diffing */
  sha256: string
  /** HS keys in published states: never in a JWKS, listed so their absence is not a surprise */
  omittedSymmetric: string[]
}

export interface SignResult {
  token: string
  set: string
  kid: string
  alg: string
  header: Record<string, unknown>
  claims: Record<string, unknown>
  /** set when the token is a JWE around the signed token */
  encrypted: { alg: string; enc: string } | null
  warnings: Warning[]
}

export interface VerifyProblem {
  code: string
  message: string
}

export interface VerifyTokenResult {
  /** signature, claims and key state all fine */
  valid: boolean
  signatureValid: boolean
  kid: string | null
  alg: string | null
  set: string | null
  keyState: KeyState | null
  claims: Record<string, unknown> | null
  problems: VerifyProblem[]
}

export interface OrphanedSecret {
  /** the keychain account (an internal key id) */
  account: string
  kid: string | null
  alg: string | null
  kty: string | null
  /** the set the entry says it belongs to, when that set exists */
  set: string | null
  /** a destroyed key whose secret deletion did not complete, or an entry no record mentions */
  kind: 'unknown' | 'destroyed-leftover'
  /** the kid of a key missing its secret that this entry holds (same RFC 7638 thumbprint), compared in main */
  sameKeyAs: string | null
  action: string
}

export interface MissingSecret {
  kid: string
  set: string
  state: KeyState
  /** the orphaned keychain entry that holds this very key (same RFC 7638 thumbprint), when there is one */
  foundIn: string | null
  action: string
}

export interface ReconcileReport {
  checkedAt: string
  /** keys whose record and secret are both where they should be */
  accountedFor: number
  orphans: OrphanedSecret[]
  missing: MissingSecret[]
  /** what this call did, one line per requested action */
  performed: string[]
}

export interface KeysChangedEvent {
  /** the audit action behind the change, e.g. "key.rotate" */
  action: string
  set: string | null
  kids: string[]
  at: string
}

export const keyChannels = {
  'sets:list': channel<SetsListResult>()(noInput),
  'sets:create': channel<SetResult>()(setsCreateInputSchema),
  'sets:update': channel<SetResult>()(setsUpdateInputSchema),
  'sets:delete': channel<SetDeleteResult>()(setRefInputSchema),
  'keys:list': channel<KeysListResult>()(keysListInputSchema),
  'keys:generate': channel<KeyResult>()(keysGenerateInputSchema),
  'keys:import': channel<KeyResult>()(keysImportInputSchema),
  'keys:export-public': channel<PublicKeyExport>()(kidInputSchema),
  'keys:activate': channel<TransitionResult>()(keyTransitionInputSchema),
  'keys:retire': channel<TransitionResult>()(keyTransitionInputSchema),
  'keys:unpublish': channel<TransitionResult>()(keyTransitionInputSchema),
  'keys:compromise': channel<TransitionResult>()(keyTransitionInputSchema),
  'keys:destroy': channel<TransitionResult>()(keyTransitionInputSchema),
  'keys:rotate': channel<RotateResult>()(keysRotateInputSchema),
  'keys:reconcile': channel<ReconcileReport>()(keysReconcileInputSchema),
  'keys:verify-token': channel<VerifyTokenResult>()(verifyTokenInputSchema),
  'sign:token': channel<SignResult>()(signTokenInputSchema),
  'jwks:export': channel<JwksExport>()(setRefInputSchema),
} as const
