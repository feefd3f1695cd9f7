import { SignetError } from '../errors'
import { decodeBase64url } from '../encoding/base64url'
import { maxSignatures } from '../limits'
import {
  isJsonObject,
  jsonTypeName,
  parseJson,
  type DuplicateMember,
  type JsonObject,
  type JsonValue,
  type NumberLiteral,
  type ParsedJson,
} from '../encoding/json'
import { normalizeToken, type NormalizationChange } from './normalize'
import { formatCount } from '../text/format-count'

/**
 * Decodes any JOSE object a user may paste — compact JWS, unsecured JWT, compact JWE, JWS/JWE JSON
 * serialization (general and flattened) — into a structure the inspector, the linter and the CLI
 * share. Decoding never verifies anything: it says what the token *claims*, precisely, and on
 * malformed input says exactly which segment, at which offset, and what was expected.
 */

export type TokenForm =
  | 'jws-compact'
  | 'jws-json-general'
  | 'jws-json-flattened'
  | 'unsecured-jwt'
  | 'jwe-compact'
  | 'jwe-json-general'
  | 'jwe-json-flattened'

export const tokenFormLabels: Record<TokenForm, string> = {
  'jws-compact': 'JWS · compact',
  'jws-json-general': 'JWS · JSON (general)',
  'jws-json-flattened': 'JWS · JSON (flattened)',
  'unsecured-jwt': 'Unsecured JWT (alg "none")',
  'jwe-compact': 'JWE · compact (encrypted)',
  'jwe-json-general': 'JWE · JSON (general, encrypted)',
  'jwe-json-flattened': 'JWE · JSON (flattened, encrypted)',
}

/** A span of the user's input, for highlighting the parts of a compact token. */
export interface Span {
  name: 'header' | 'payload' | 'signature' | 'encrypted_key' | 'iv' | 'ciphertext' | 'tag'
  start: number
  end: number
}

export interface DecodedSignature {
  /** the integrity-protected header, null in a flattened JWS without "protected" */
  protectedHeader: JsonObject | null
  protectedRaw: string
  /** the unprotected per-signature header of the JSON serialization */
  unprotectedHeader: JsonObject | null
  /** protected ∪ unprotected, as a verifier sees it (RFC 7515 §4) */
  joseHeader: JsonObject
  signatureRaw: string
  signatureLength: number
}

export type DecodedPayload =
  | { kind: 'claims'; raw: string; byteLength: number; claims: JsonObject }
  | { kind: 'text'; raw: string; byteLength: number; text: string }
  | { kind: 'binary'; raw: string; byteLength: number }
  | { kind: 'detached'; raw: ''; byteLength: 0 }

export interface DecodedJws {
  type: 'jws'
  form: 'jws-compact' | 'jws-json-general' | 'jws-json-flattened' | 'unsecured-jwt'
  signatures: DecodedSignature[]
  payload: DecodedPayload
  /** true when the payload is carried unencoded (RFC 7797, "b64": false) */
  unencodedPayload: boolean
}

export interface DecodedJweRecipient {
  header: JsonObject | null
  encryptedKeyLength: number
}

export interface DecodedJwe {
  type: 'jwe'
  form: 'jwe-compact' | 'jwe-json-general' | 'jwe-json-flattened'
  protectedHeader: JsonObject | null
  sharedUnprotectedHeader: JsonObject | null
  recipients: DecodedJweRecipient[]
  /** protected ∪ shared ∪ first recipient's header: what a decrypter starts from */
  joseHeader: JsonObject
  ivLength: number
  ciphertextLength: number
  tagLength: number
  aadLength: number | null
}

export interface DecodeNotes {
  /** what normalizeToken removed before decoding, as noun phrases ("trailing whitespace") */
  normalized: string[]
  /** the same, with kinds: a change that `altersToken` fails a verifier's encoding check */
  changes: NormalizationChange[]
  /** numbers whose JS value does not read back as written (1e400, 99999999999999999999999) */
  numberLiterals: (NumberLiteral & { segment: string })[]
  /** segments whose base64url is valid but not canonical (trailing bits set) */
  nonCanonicalSegments: string[]
  /** duplicate member names found (only when decoding with allowDuplicateMembers) */
  duplicateMembers: (DuplicateMember & { segment: string })[]
}

export type DecodedToken = (DecodedJws | DecodedJwe) & {
  label: string
  /** the token exactly as decoded, after normalisation */
  token: string
  spans: Span[]
  notes: DecodeNotes
}

export interface DecodeOptions {
  /**
   * Duplicate member names are an error by default (RFC 7515 §5.2 lets parsers reject them and an
   * inspector should). The linter decodes with this on, to report them as findings instead.
   */
  allowDuplicateMembers?: boolean
}

export function decodeToken(input: string, options: DecodeOptions = {}): DecodedToken {
  if (typeof input !== 'string') {
    throw new SignetError('ERR_INVALID_ARGUMENT', 'A token must be given as text.')
  }
  const normalized = normalizeToken(input)
  if (normalized.text.length === 0) {
    throw new SignetError('ERR_TOKEN_EMPTY', 'There is no token to decode: the input is empty or only whitespace.')
  }
  const notes: DecodeNotes = {
    normalized: normalized.changes.map((change) => change.message),
    changes: normalized.changes,
    numberLiterals: [],
    nonCanonicalSegments: [],
    duplicateMembers: [],
  }
  const context: Context = { options, notes, map: normalized.map }
  const decoded = normalized.text.startsWith('{')
    ? decodeJson(normalized.text, context)
    : decodeCompact(normalized.text, context)
  return {
    ...decoded.token,
    label: tokenFormLabels[decoded.token.form],
    token: normalized.text,
    spans: decoded.spans,
    notes: context.notes,
  }
}

interface Context {
  options: DecodeOptions
  notes: DecodeNotes
  /** normalised index → index in the user's original input */
  map: (index: number) => number
}

// ---------------------------------------------------------------------------------------------
// Compact serialization

function decodeCompact(text: string, context: Context): { token: DecodedJws | DecodedJwe; spans: Span[] } {
  const parts = text.split('.')
  const starts: number[] = []
  let position = 0
  for (const part of parts) {
    starts.push(position)
    position += part.length + 1
  }
  if (parts.length !== 3 && parts.length !== 5) {
    throw new SignetError(
      'ERR_TOKEN_SEGMENT_COUNT',
      `Expected 3 dot-separated segments (a JWS: header.payload.signature) or 5 (a JWE), but found ${parts.length}. ` +
        (parts.length < 3
          ? 'The token looks truncated; copy it again in full.'
          : 'There are extra dots; check for two tokens run together.'),
      { segment: 'token', offset: context.map(parts.length < 3 ? text.length : starts[3]! - 1), length: 1 },
    )
  }
  const spanNames: Span['name'][] =
    parts.length === 3 ? ['header', 'payload', 'signature'] : ['header', 'encrypted_key', 'iv', 'ciphertext', 'tag']
  const spans = parts.map((part, i) => ({
    name: spanNames[i]!,
    start: context.map(starts[i]!),
    end: context.map(starts[i]! + part.length - 1) + 1,
  }))
  const header = decodeJsonSegment(parts[0]!, 'header', starts[0]!, context)
  if (parts.length === 5) return { token: compactJwe(parts, starts, header, context), spans }

  const [, payloadRaw, signatureRaw] = parts as [string, string, string]
  const unencoded = header.b64 === false
  const signature = decodeBytes(signatureRaw, 'signature', starts[2]!, context)
  const payload = unencoded ? unencodedPayload(payloadRaw) : decodePayload(payloadRaw, starts[1]!, context)
  const unsecured = header.alg === 'none'
  return {
    token: {
      type: 'jws',
      form: unsecured ? 'unsecured-jwt' : 'jws-compact',
      signatures: [
        {
          protectedHeader: header,
          protectedRaw: parts[0]!,
          unprotectedHeader: null,
          joseHeader: header,
          signatureRaw,
          signatureLength: signature.length,
        },
      ],
      payload,
      unencodedPayload: unencoded,
    },
    spans,
  }
}

function compactJwe(parts: string[], starts: number[], header: JsonObject, context: Context): DecodedJwe {
  const [, encryptedKey, iv, ciphertext, tag] = parts as [string, string, string, string, string]
  return {
    type: 'jwe',
    form: 'jwe-compact',
    protectedHeader: header,
    sharedUnprotectedHeader: null,
    recipients: [
      { header: null, encryptedKeyLength: decodeBytes(encryptedKey, 'encrypted_key', starts[1]!, context).length },
    ],
    joseHeader: header,
    ivLength: decodeBytes(iv, 'iv', starts[2]!, context).length,
    ciphertextLength: decodeBytes(ciphertext, 'ciphertext', starts[3]!, context).length,
    tagLength: decodeBytes(tag, 'tag', starts[4]!, context).length,
    aadLength: null,
  }
}

// ---------------------------------------------------------------------------------------------
// JSON serialization (RFC 7515 §7.2, RFC 7516 §7.2)

function decodeJson(text: string, context: Context): { token: DecodedJws | DecodedJwe; spans: Span[] } {
  const parsed = parseJson(text, 'JSON serialization', context.map)
  recordParsed(parsed, 'JSON serialization', context)
  const document = parsed.value
  if (!isJsonObject(document)) {
    throw new SignetError(
      'ERR_TOKEN_NOT_OBJECT',
      `A JSON-serialized token must be an object, but this is ${jsonTypeName(document)}.`,
      {
        segment: 'JSON serialization',
        offset: context.map(0),
      },
    )
  }
  const at = (member: string) => parsed.memberOffsets[member] ?? 0
  const member = (name: string): string | undefined => {
    const value = document[name]
    if (value === undefined) return undefined
    if (typeof value !== 'string') {
      throw new SignetError(
        'ERR_TOKEN_MALFORMED',
        `The "${name}" member must be a base64url string, but it is ${jsonTypeName(value)}.`,
        {
          segment: name,
          offset: at(name),
        },
      )
    }
    return value
  }
  // String values start one character after the opening quote.
  const inside = (name: string) => (parsed.memberOffsets[name] === undefined ? 0 : at(name) + 1)
  const inputOffsetContext: Context = { ...context, map: (i) => i }

  if ('ciphertext' in document) return { token: jsonJwe(document, member, inside, at, inputOffsetContext), spans: [] }
  if (!('payload' in document)) {
    throw new SignetError(
      'ERR_TOKEN_MALFORMED',
      'This JSON is neither a JWS (no "payload" member) nor a JWE (no "ciphertext" member). ' +
        'A JSON-serialized JWS needs "payload" and "signatures" (general) or "signature" (flattened).',
      { segment: 'JSON serialization', offset: context.map(0) },
    )
  }

  const signatureObjects: { object: JsonObject; offset: (name: string) => number }[] = []
  let form: DecodedJws['form']
  if ('signatures' in document) {
    form = 'jws-json-general'
    const list = document.signatures
    if (!Array.isArray(list) || list.length === 0) {
      throw new SignetError(
        'ERR_TOKEN_MALFORMED',
        'The "signatures" member must be a non-empty array of signature objects.',
        {
          segment: 'signatures',
          offset: at('signatures'),
        },
      )
    }
    tooMany(list.length, 'signatures', at('signatures'))
    list.forEach((entry, i) => {
      if (!isJsonObject(entry)) {
        throw new SignetError(
          'ERR_TOKEN_MALFORMED',
          `signatures[${i}] must be an object, but it is ${jsonTypeName(entry)}.`,
          {
            segment: `signatures[${i}]`,
            offset: at('signatures'),
          },
        )
      }
      signatureObjects.push({ object: entry, offset: () => at('signatures') })
    })
  } else {
    form = 'jws-json-flattened'
    signatureObjects.push({ object: document, offset: inside })
  }

  const signatures = signatureObjects.map(({ object, offset }, i) =>
    jsonSignature(object, form === 'jws-json-general' ? `signatures[${i}]` : '', offset, inputOffsetContext),
  )
  const unencoded = signatures.some((s) => s.joseHeader.b64 === false)
  const payloadRaw = member('payload') ?? ''
  const payload = unencoded
    ? unencodedPayload(payloadRaw)
    : decodePayload(payloadRaw, inside('payload'), inputOffsetContext)
  const unsecured = signatures.every((s) => s.joseHeader.alg === 'none')
  return {
    token: { type: 'jws', form: unsecured ? 'unsecured-jwt' : form, signatures, payload, unencodedPayload: unencoded },
    spans: [],
  }
}

function jsonSignature(
  object: JsonObject,
  prefix: string,
  offset: (name: string) => number,
  context: Context,
): DecodedSignature {
  const where = (name: string) => (prefix ? `${prefix}.${name}` : name)
  const protectedRaw = object.protected
  const signatureRaw = object.signature
  if (protectedRaw !== undefined && typeof protectedRaw !== 'string') {
    throw new SignetError(
      'ERR_TOKEN_MALFORMED',
      `"${where('protected')}" must be a base64url string, but it is ${jsonTypeName(protectedRaw)}.`,
      {
        segment: where('protected'),
      },
    )
  }
  if (typeof signatureRaw !== 'string') {
    throw new SignetError(
      'ERR_TOKEN_MALFORMED',
      signatureRaw === undefined
        ? `"${where('signature')}" is missing: every JWS signature object needs one.`
        : `"${where('signature')}" must be a base64url string, but it is ${jsonTypeName(signatureRaw)}.`,
      { segment: where('signature') },
    )
  }
  const protectedHeader =
    protectedRaw === undefined
      ? null
      : decodeJsonSegment(protectedRaw, where('protected'), offset('protected'), context)
  const unprotected = object.header
  if (unprotected !== undefined && !isJsonObject(unprotected)) {
    throw new SignetError(
      'ERR_TOKEN_NOT_OBJECT',
      `"${where('header')}" must be a JSON object, but it is ${jsonTypeName(unprotected)}.`,
      {
        segment: where('header'),
      },
    )
  }
  const unprotectedHeader = unprotected ?? null
  const joseHeader = mergeHeaders(where('header'), protectedHeader, unprotectedHeader)
  return {
    protectedHeader,
    protectedRaw: protectedRaw ?? '',
    unprotectedHeader,
    joseHeader,
    signatureRaw,
    signatureLength: decodeBytes(signatureRaw, where('signature'), offset('signature'), context).length,
  }
}

function jsonJwe(
  document: JsonObject,
  member: (name: string) => string | undefined,
  inside: (name: string) => number,
  at: (name: string) => number,
  context: Context,
): DecodedJwe {
  const protectedRaw = member('protected')
  const protectedHeader =
    protectedRaw === undefined ? null : decodeJsonSegment(protectedRaw, 'protected', inside('protected'), context)
  const shared = document.unprotected
  if (shared !== undefined && !isJsonObject(shared)) {
    throw new SignetError(
      'ERR_TOKEN_NOT_OBJECT',
      `"unprotected" must be a JSON object, but it is ${jsonTypeName(shared)}.`,
      {
        segment: 'unprotected',
        offset: at('unprotected'),
      },
    )
  }
  const recipientObjects: JsonObject[] = []
  let form: DecodedJwe['form']
  if ('recipients' in document) {
    form = 'jwe-json-general'
    const list = document.recipients
    if (Array.isArray(list)) tooMany(list.length, 'recipients', at('recipients'))
    if (!Array.isArray(list) || list.length === 0 || !list.every(isJsonObject)) {
      throw new SignetError('ERR_TOKEN_MALFORMED', '"recipients" must be a non-empty array of objects.', {
        segment: 'recipients',
        offset: at('recipients'),
      })
    }
    recipientObjects.push(...(list as JsonObject[]))
  } else {
    form = 'jwe-json-flattened'
    recipientObjects.push(document)
  }
  const recipients = recipientObjects.map((recipient, i) => {
    const header = recipient.header
    if (header !== undefined && !isJsonObject(header)) {
      throw new SignetError(
        'ERR_TOKEN_NOT_OBJECT',
        `recipients[${i}].header must be a JSON object, but it is ${jsonTypeName(header)}.`,
        {
          segment: `recipients[${i}].header`,
        },
      )
    }
    const encryptedKey = recipient.encrypted_key
    if (encryptedKey !== undefined && typeof encryptedKey !== 'string') {
      throw new SignetError('ERR_TOKEN_MALFORMED', `recipients[${i}].encrypted_key must be a base64url string.`, {
        segment: `recipients[${i}].encrypted_key`,
      })
    }
    return {
      header: header ?? null,
      encryptedKeyLength: encryptedKey
        ? decodeBytes(encryptedKey, `recipients[${i}].encrypted_key`, 0, context).length
        : 0,
    }
  })
  const bytesOf = (name: string) => {
    const value = member(name)
    return value === undefined ? 0 : decodeBytes(value, name, inside(name), context).length
  }
  const aad = member('aad')
  return {
    type: 'jwe',
    form,
    protectedHeader,
    sharedUnprotectedHeader: shared ?? null,
    recipients,
    joseHeader: mergeHeaders('JWE headers', protectedHeader, shared ?? null, recipients[0]?.header ?? null),
    ivLength: bytesOf('iv'),
    ciphertextLength: bytesOf('ciphertext'),
    tagLength: bytesOf('tag'),
    aadLength: aad === undefined ? null : decodeBytes(aad, 'aad', inside('aad'), context).length,
  }
}

/** Each signature or recipient costs a key attempt (and a dictionary run): the count is budgeted. */
function tooMany(count: number, member: 'signatures' | 'recipients', offset: number): void {
  if (count <= maxSignatures) return
  throw new SignetError(
    'ERR_BUDGET_EXCEEDED',
    `The token has ${count.toLocaleString('en')} ${member}; Signet reads at most ${formatCount(maxSignatures)} in one JSON serialization, ` +
      `because each one is checked with every key. Split the token, or keep the ${member} you need.`,
    { segment: member, offset },
  )
}

/** RFC 7515 §7.2.1: the header parameter names of the parts must be disjoint. */
function mergeHeaders(segment: string, ...headers: (JsonObject | null)[]): JsonObject {
  const merged: JsonObject = {}
  for (const header of headers) {
    if (!header) continue
    for (const [name, value] of Object.entries(header)) {
      if (Object.prototype.hasOwnProperty.call(merged, name)) {
        throw new SignetError(
          'ERR_TOKEN_DUPLICATE_MEMBER',
          `Header parameter "${name}" appears in both the protected and the unprotected header (${segment}); ` +
            'RFC 7515 §7.2.1 requires them to be disjoint, so a verifier could read either value.',
          { segment },
        )
      }
      Object.defineProperty(merged, name, { value, enumerable: true, writable: true, configurable: true })
    }
  }
  return merged
}

// ---------------------------------------------------------------------------------------------
// Segments

function decodeBytes(raw: string, segment: string, start: number, context: Context): Uint8Array {
  let decoded
  try {
    decoded = decodeBase64url(raw, segment, 0)
  } catch (error) {
    throw relocate(error, start, context)
  }
  if (!decoded.canonical) context.notes.nonCanonicalSegments.push(segment)
  return decoded.bytes
}

function decodeJsonSegment(raw: string, segment: string, start: number, context: Context): JsonObject {
  if (raw.length === 0) {
    throw new SignetError(
      'ERR_TOKEN_MALFORMED',
      `The ${segment} is empty; a JOSE header must be a base64url-encoded JSON object.`,
      {
        segment,
        offset: context.map(start),
      },
    )
  }
  const text = utf8(decodeBytes(raw, segment, start, context), segment, start, context)
  const parsed = parseJson(text, segment, (i) => context.map(start + Math.floor((i * 4) / 3)))
  recordParsed(parsed, segment, context)
  if (!isJsonObject(parsed.value)) {
    throw new SignetError(
      'ERR_TOKEN_NOT_OBJECT',
      `The ${segment} is valid JSON but it is ${jsonTypeName(parsed.value)}; a JOSE header must be a JSON object.`,
      { segment, offset: context.map(start), length: raw.length },
    )
  }
  return parsed.value
}

function decodePayload(raw: string, start: number, context: Context): DecodedPayload {
  if (raw.length === 0) return { kind: 'detached', raw: '', byteLength: 0 }
  const bytes = decodeBytes(raw, 'payload', start, context)
  const text = tryUtf8(bytes)
  if (text === null) return { kind: 'binary', raw, byteLength: bytes.length }
  const trimmed = text.trimStart()
  // A payload that starts like JSON and fails to parse is almost always a damaged JWT, not a
  // deliberate text payload: report the damage rather than quietly showing text.
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const parsed = parseJson(text, 'payload', (i) => context.map(start + Math.floor((i * 4) / 3)))
    recordParsed(parsed, 'payload', context)
    if (!isJsonObject(parsed.value)) {
      throw new SignetError(
        'ERR_TOKEN_NOT_OBJECT',
        `The payload is valid JSON but it is ${jsonTypeName(parsed.value as JsonValue)}; a JWT claims set must be a JSON object.`,
        { segment: 'payload', offset: context.map(start), length: raw.length },
      )
    }
    return { kind: 'claims', raw, byteLength: bytes.length, claims: parsed.value }
  }
  return { kind: 'text', raw, byteLength: bytes.length, text }
}

function unencodedPayload(raw: string): DecodedPayload {
  if (raw.length === 0) return { kind: 'detached', raw: '', byteLength: 0 }
  return { kind: 'text', raw, byteLength: new TextEncoder().encode(raw).length, text: raw }
}

function utf8(bytes: Uint8Array, segment: string, start: number, context: Context): string {
  const text = tryUtf8(bytes)
  if (text === null) {
    throw new SignetError(
      'ERR_TOKEN_JSON',
      `The ${segment} decodes to bytes that are not UTF-8 text, so it cannot be JSON. The segment is damaged or is not a JOSE header.`,
      { segment, offset: context.map(start) },
    )
  }
  return text
}

/** One decoder for every segment: building a TextDecoder costs ~8× a short decode, and a decode without `stream` keeps no state. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

function tryUtf8(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes)
  } catch {
    return null
  }
}

function recordParsed(parsed: ParsedJson, segment: string, context: Context): void {
  // A loop, not push(...list): 300k duplicates spread as arguments overflow the stack.
  for (const number of parsed.numbers) context.notes.numberLiterals.push({ ...number, segment })
  recordDuplicates(parsed.duplicates, segment, context)
}

function recordDuplicates(duplicates: DuplicateMember[], segment: string, context: Context): void {
  if (duplicates.length === 0) return
  if (context.options.allowDuplicateMembers) {
    for (const duplicate of duplicates) context.notes.duplicateMembers.push({ ...duplicate, segment })
    return
  }
  const first = duplicates[0]!
  const name = first.path ? `${first.path}.${first.member}` : first.member
  throw new SignetError(
    'ERR_TOKEN_DUPLICATE_MEMBER',
    `The ${segment} has the member "${name}" more than once. JSON parsers disagree on which value wins, ` +
      'which is how signature and claim checks get bypassed; such a token must be rejected.',
    { segment, offset: first.offset },
  )
}

/** Errors from a segment decoder carry offsets inside the segment; move them into input coordinates. */
function relocate(error: unknown, start: number, context: Context): unknown {
  if (!(error instanceof SignetError) || error.location?.offset === undefined) return error
  const offset = context.map(start + error.location.offset)
  const message = error.message.replace(/at offset \d+/, `at offset ${offset}`)
  return new SignetError(error.code, message, { ...error.location, offset })
}
