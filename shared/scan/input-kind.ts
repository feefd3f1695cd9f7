/**
 * What a scan input is, one rule for `signet scan` (electron/services/scan/find-in-input.ts) and the
 * app's Scan worker: gzip by its magic bytes (RFC 1952 §2.3.1), whatever the name; a HAR capture by
 * its name (".har", ".har.gz") or by how it starts (`{"log":`, the HAR 1.2 root, after an optional
 * byte order mark and whitespace); text otherwise. A gzip input is decided again on its
 * decompressed first bytes. Binary files are the text reader's business (a NUL byte).
 */

export type InputKind = 'gzip' | 'har' | 'text'

export interface InputKindOptions {
  /** false: never HAR (signet scan --no-har) */
  harAware?: boolean
}

/**
 * @param name the file name or path as given ("-" for standard input)
 * @param firstBytes the input's first bytes, raw or decompressed; 64 are enough
 */
export function inputKind(name: string, firstBytes: Uint8Array, options: InputKindOptions = {}): InputKind {
  if (isGzip(firstBytes)) return 'gzip'
  if (options.harAware === false) return 'text'
  return harName.test(name) || looksLikeHar(firstBytes) ? 'har' : 'text'
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b
}

/** A HAR 1.2 document opens its root object with "log" (what browsers and proxies write). */
export function looksLikeHar(bytes: Uint8Array): boolean {
  let text = ''
  for (let i = 0; i < Math.min(bytes.length, 64); i++) text += String.fromCharCode(bytes[i]!)
  return harStart.test(text)
}

const harName = /\.har(?:\.gz)?$/i
/** U+FEFF as UTF-8 read one byte per character; JSON's whitespace (RFC 8259 §2) */
const harStart = /^(?:\xef\xbb\xbf)?[ \t\r\n]*\{[ \t\r\n]*"log"[ \t\r\n]*:/
