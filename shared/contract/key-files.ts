import { z } from 'zod'
import { channel } from './channel'
import { fileHandleSchema, type FileChoice } from './backup'
import { certificateLimits } from '../managed-keys/certificate-limits'
import type { KeyInfo, Warning } from '../managed-keys/types'

/**
 * A key's public half as files: a self-signed X.509 certificate stored as its `x5c`, and the public
 * key (PEM or JWK) written to a file main's own save dialog chose. The page carries a one-time handle
 * from dialog:save-public-key to keys:save-public; it never names a path.
 */

const kidRef = z.string().min(1).max(128)

export const keysCertificateInputSchema = z
  .object({
    kid: kidRef,
    /** validity from now, in days; default certificateLimits.defaultDays */
    days: z.number().int().min(1).max(certificateLimits.maxDays).optional(),
    /** the CN of subject and issuer; default the set's name */
    subject: z.string().min(1).max(certificateLimits.maxSubjectLength).optional(),
  })
  .strict()
export type KeysCertificateInput = z.infer<typeof keysCertificateInputSchema>

export interface CertificateSummaryOut {
  /** "CN=<subject>" */
  subject: string
  /** hex */
  serialNumber: string
  /** ISO 8601 UTC */
  notBefore: string
  notAfter: string
  /** base64url SHA-256 of the DER: the JWK's `x5t#S256` (RFC 7517 §4.9) */
  x5tS256: string
  pem: string
}

export interface CertificateResult {
  key: KeyInfo
  certificate: CertificateSummaryOut
  warnings: Warning[]
}

export const publicKeyFileFormats = ['pem', 'jwk'] as const
export type PublicKeyFileFormat = (typeof publicKeyFileFormats)[number]

export const keysSavePublicInputSchema = z
  .object({
    kid: kidRef,
    format: z.enum(publicKeyFileFormats),
    /** from dialog:save-public-key, spent by the write */
    file: fileHandleSchema,
  })
  .strict()
export type KeysSavePublicInput = z.infer<typeof keysSavePublicInputSchema>

export interface SavedPublicKey {
  kid: string
  format: PublicKeyFileFormat
  /** for display only */
  path: string
  bytes: number
}

export const keyFileChannels = {
  'keys:certificate': channel<CertificateResult>()(keysCertificateInputSchema),
  'keys:save-public': channel<SavedPublicKey>()(keysSavePublicInputSchema),
  'dialog:save-public-key': channel<FileChoice>()(
    z.object({ kid: kidRef, format: z.enum(publicKeyFileFormats) }).strict(),
  ),
} as const
