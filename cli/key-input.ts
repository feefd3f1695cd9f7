import { basename } from 'node:path'
import { SignetError } from '#shared/errors'
import { parseKeyText } from '#shared/key-material/parse-key'
import { secretEncodings, type SecretEncoding } from '#shared/key-material/secret'
import { keySourceFromParsed, secretKeySource } from '#shared/key-material/source'
import type { KeySource, ParsedKeyInput } from '#shared/key-material/types'
import { readUserFile } from './io'

/**
 * Turns the key options shared by verify and decrypt into key sources: exactly one of --key,
 * --jwks, --secret, --secret-file. Files are read here; everything after is shared code.
 */

export interface KeyOptions {
  key?: string
  jwks?: string
  secret?: string
  secretFile?: string
  secretEncoding?: string
}

export async function verificationSource(options: KeyOptions, at: number): Promise<KeySource> {
  const given = (['key', 'jwks', 'secret', 'secretFile'] as const).filter((name) => options[name] !== undefined)
  if (given.length === 0) {
    throw new SignetError(
      'ERR_USAGE',
      'No key given: pass one of --key FILE (JWK, JWKS or PEM), --jwks FILE, --secret S or --secret-file F.',
    )
  }
  if (given.length > 1) {
    throw new SignetError('ERR_USAGE', `Give exactly one key option, not ${given.map(flag).join(' and ')}.`)
  }
  const encoding = secretEncoding(options.secretEncoding)
  if (options.secret !== undefined) return secretKeySource(options.secret, encoding)
  if (options.secretFile !== undefined)
    return secretKeySource(withoutFinalNewline(readUserFile(options.secretFile, 'secret')), encoding)
  if (options.secretEncoding !== undefined)
    throw new SignetError('ERR_USAGE', '--secret-encoding applies to --secret and --secret-file only.')
  if (options.jwks !== undefined) {
    const parsed = await readKeyFile(options.jwks, 'JWKS')
    if (parsed.format !== 'jwks')
      throw new SignetError(
        'ERR_USAGE',
        `"${options.jwks}" is not a JWK Set (no "keys" array); pass a single key with --key.`,
      )
    return keySourceFromParsed(parsed, { at })
  }
  return keySourceFromParsed(await readKeyFile(options.key!, 'key'), { at })
}

export async function readKeyFile(path: string, what: string): Promise<ParsedKeyInput> {
  return parseKeyText(readUserFile(path, what), { name: basename(path) })
}

/** Editors and `echo` end files with a newline that is not part of the secret or password. */
export function withoutFinalNewline(text: string): string {
  return text.replace(/\r?\n$/, '')
}

function secretEncoding(value: string | undefined): SecretEncoding | 'auto' {
  if (value === undefined || value === 'auto') return 'auto'
  if ((secretEncodings as readonly string[]).includes(value)) return value as SecretEncoding
  throw new SignetError(
    'ERR_USAGE',
    `--secret-encoding must be one of auto, ${secretEncodings.join(', ')}; got "${value}".`,
  )
}

function flag(name: string): string {
  return `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
}
