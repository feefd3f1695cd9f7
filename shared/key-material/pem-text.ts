import { SignetError } from '../errors'

/**
 * PEM text ⇄ DER (RFC 7468) without ASN.1: what parse-key needs to recognise PEM before it loads
 * pkijs (shared/key-material/pem.ts), and what the renderer's key input needs to classify pasted text.
 */

export type PemLabel =
  | 'PUBLIC KEY'
  | 'RSA PUBLIC KEY'
  | 'PRIVATE KEY'
  | 'RSA PRIVATE KEY'
  | 'EC PRIVATE KEY'
  | 'CERTIFICATE'
  | 'EC PARAMETERS'
  | 'ENCRYPTED PRIVATE KEY'

export interface PemBlock {
  label: string
  der: Uint8Array
  /** legacy OpenSSL "Proc-Type: 4,ENCRYPTED" headers */
  encrypted: boolean
}

const blockPattern = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g

export function looksLikePem(text: string): boolean {
  return /-----BEGIN [A-Z0-9 ]+-----/.test(text)
}

export function parsePemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = []
  for (const match of text.matchAll(blockPattern)) {
    const [, label, body, endLabel] = match as unknown as [string, string, string, string]
    if (label !== endLabel) {
      throw new SignetError(
        'ERR_KEY_INVALID',
        `The PEM block "BEGIN ${label}" ends with "END ${endLabel}"; the file is damaged or two blocks were pasted together.`,
      )
    }
    const lines = body
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean)
    const encrypted = lines.some((line) => /^Proc-Type:\s*4,ENCRYPTED/i.test(line))
    const base64 = lines.filter((line) => !/^[A-Za-z-]+:/.test(line)).join('')
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) {
      throw new SignetError(
        'ERR_KEY_INVALID',
        `The PEM block "${label}" is not valid base64; it may have been cut short or edited.`,
      )
    }
    blocks.push({ label, der: Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0)), encrypted })
  }
  if (blocks.length === 0) {
    throw new SignetError(
      'ERR_KEY_INVALID',
      'No PEM block was found: expected a "-----BEGIN …-----" line, the base64 body and a matching "-----END …-----" line.',
    )
  }
  return blocks
}

export function toPem(label: string, der: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < der.length; i++) binary += String.fromCharCode(der[i]!)
  const base64 = btoa(binary)
  const lines = base64.match(/.{1,64}/g) ?? []
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`
}
