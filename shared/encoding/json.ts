import { parse, type AnyNode } from '@humanwhocodes/momoa'
import { SignetError } from '../errors'
import { maxJsonDepth, maxJsonMembers } from '../limits'

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject
export interface JsonObject {
  [member: string]: JsonValue
}

export interface DuplicateMember {
  /** dotted path of the object holding the duplicate, "" for the top level */
  path: string
  member: string
  /** where the second occurrence starts, in the caller's coordinates (see toInputOffset) */
  offset: number
}

/**
 * A number whose JS value does not read back as the text written: beyond double range (1e400 reads
 * as Infinity), beyond 2^53 (99999999999999999999999 reads as 1e+23), or merely written another way
 * (1e20, 1.0). Displays show `literal`, never the rounded value.
 */
export interface NumberLiteral {
  /** dotted path of the number, as DuplicateMember.path */
  path: string
  literal: string
  /** false when the number is beyond what a double holds (±Infinity) or lost integer precision */
  exact: boolean
}

export interface ParsedJson {
  value: JsonValue
  duplicates: DuplicateMember[]
  numbers: NumberLiteral[]
  /** offset of each top-level member's value in the text: lets callers point into a JSON document */
  memberOffsets: Record<string, number>
}

/**
 * JSON.parse cannot see duplicate member names (it silently keeps the last one), and a duplicate in
 * a JOSE header or claims set is exactly the ambiguity attackers use (RFC 7515 §5.2, RFC 7519 §4).
 * momoa gives us a real AST with offsets, so the inspector can say which member and where.
 */
export function parseJson(
  text: string,
  segment: string,
  toInputOffset: (charIndex: number) => number = (i) => i,
): ParsedJson {
  const shape = checkShape(text, segment, toInputOffset)
  // The fast path: JSON.parse (native, ~10× momoa) when the shape pass saw nothing only the
  // position-tracking parser can report — no number written other than plainly, and as many
  // members in the result as names in the text (fewer means a duplicate was dropped). Errors
  // and duplicates go to momoa below, so their offsets and messages stay exact.
  if (!shape.unusualNumber) {
    let value: JsonValue | undefined
    try {
      value = JSON.parse(text) as JsonValue
    } catch {
      value = undefined
    }
    if (value !== undefined && countMembers(value) === shape.members) {
      return lazyOffsets(value, text, segment, toInputOffset)
    }
  }
  return parseSlow(text, segment, toInputOffset)
}

/** Members of every object in a JSON.parse result (JSON.parse keeps "__proto__" as an own key). */
function countMembers(value: JsonValue): number {
  if (typeof value !== 'object' || value === null) return 0
  let total = 0
  if (Array.isArray(value)) {
    for (const element of value) total += countMembers(element)
    return total
  }
  for (const key in value) total += 1 + countMembers(value[key]!)
  return total
}

/**
 * A fast-path result: memberOffsets is asked for by few callers (JSON serialization, the Sign
 * screen's claims editor), so it is computed by the slow parser only when first read.
 */
function lazyOffsets(
  value: JsonValue,
  text: string,
  segment: string,
  toInputOffset: (charIndex: number) => number,
): ParsedJson {
  let offsets: Record<string, number> | undefined
  return {
    value,
    duplicates: [],
    numbers: [],
    get memberOffsets() {
      offsets ??= parseSlow(text, segment, toInputOffset).memberOffsets
      return offsets
    },
  }
}

function parseSlow(text: string, segment: string, toInputOffset: (charIndex: number) => number): ParsedJson {
  let root
  try {
    root = parse(text, { mode: 'json' })
  } catch (error) {
    const at = typeof (error as { offset?: unknown }).offset === 'number' ? (error as { offset: number }).offset : 0
    const reason =
      error instanceof Error ? error.message.replace(/\s*\(\d+:\d+\)\s*$/, '').replace(/\.$/, '') : 'unreadable JSON'
    throw new SignetError(
      'ERR_TOKEN_JSON',
      `The ${segment} is not valid JSON: ${reason} at character ${at} of the decoded ${segment}. ` +
        `It decodes to: ${preview(text)}`,
      { segment, offset: toInputOffset(at), length: 1 },
    )
  }
  const duplicates: DuplicateMember[] = []
  const numbers: NumberLiteral[] = []
  const value = toValue(root.body, '', { duplicates, numbers, text, toInputOffset })
  const memberOffsets: Record<string, number> = {}
  if (root.body.type === 'Object') {
    for (const member of root.body.members) {
      const key = member.name.type === 'String' ? member.name.value : member.name.name
      memberOffsets[key] = toInputOffset(member.value.loc.start.offset)
    }
  }
  return { value, duplicates, numbers, memberOffsets }
}

/**
 * The budget, checked in one iterative pass before the (recursive) parser runs: nesting beyond
 * maxJsonDepth would overflow the parser's stack — which used to surface as ERR_INTERNAL, or as
 * valid JSON reported invalid — and more than maxJsonMembers members is not a token.
 */
function checkShape(text: string, segment: string, toInputOffset: (charIndex: number) => number): Shape {
  let depth = 0
  let members = 0
  let names = 0
  let unusualNumber = false
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (inString) {
      if (code === 0x5c) i++
      else if (code === 0x22) inString = false
      continue
    }
    if (code === 0x22) inString = true
    else if (code === 0x3a) names++
    else if (code === 0x2d || (code >= 0x30 && code <= 0x39)) {
      // A number token: only a plain integer of at most 15 digits (not "-0") is sure to read back
      // as written; anything else may need a NumberLiteral note from the slow parser.
      const begin = i
      let end = i + 1
      while (end < text.length && isNumberChar(text.charCodeAt(end))) end++
      const digits = end - begin - (code === 0x2d ? 1 : 0)
      for (let j = begin; j < end; j++) {
        const c = text.charCodeAt(j)
        if (c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b) unusualNumber = true
      }
      if (
        digits > 15 ||
        digits === 0 ||
        (digits > 1 && text.charCodeAt(end - digits) === 0x30) ||
        text.startsWith('-0', begin)
      )
        unusualNumber = true
      i = end - 1
    } else if (code === 0x7b || code === 0x5b) {
      if (++depth > maxJsonDepth) {
        throw new SignetError(
          'ERR_JSON_TOO_DEEP',
          `The ${segment} nests objects and arrays more than ${maxJsonDepth} levels deep (at character ${i} of the decoded ${segment}); ` +
            `Signet reads JSON up to ${maxJsonDepth} levels. No real token nests this deep: this one is damaged or built to exhaust parsers.`,
          { segment, offset: toInputOffset(i), length: 1 },
        )
      }
    } else if (code === 0x7d || code === 0x5d) depth--
    else if (code === 0x2c && ++members > maxJsonMembers) {
      throw new SignetError(
        'ERR_JSON_TOO_MANY_MEMBERS',
        `The ${segment} has more than ${maxJsonMembers.toLocaleString('en')} members and array elements; Signet reads at most that many in one JSON document. ` +
          'No real token is this large: this one is damaged or built to exhaust parsers.',
        { segment, offset: toInputOffset(i), length: 1 },
      )
    }
  }
  return { members: names, unusualNumber }
}

interface Shape {
  /** colons outside strings: in valid JSON, exactly one per object member */
  members: number
  unusualNumber: boolean
}

function isNumberChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) || code === 0x2e || code === 0x65 || code === 0x45 || code === 0x2b || code === 0x2d
  )
}

interface Walk {
  duplicates: DuplicateMember[]
  numbers: NumberLiteral[]
  text: string
  toInputOffset: (charIndex: number) => number
}

function toValue(node: AnyNode, path: string, walk: Walk): JsonValue {
  const { duplicates, toInputOffset } = walk
  switch (node.type) {
    case 'Object': {
      const result: JsonObject = {}
      const seen = new Set<string>()
      for (const member of node.members) {
        const key = member.name.type === 'String' ? member.name.value : member.name.name
        if (seen.has(key)) duplicates.push({ path, member: key, offset: toInputOffset(member.name.loc.start.offset) })
        seen.add(key)
        // defineProperty, not assignment: a member named "__proto__" must stay plain data.
        Object.defineProperty(result, key, {
          value: toValue(member.value, path ? `${path}.${key}` : key, walk),
          enumerable: true,
          writable: true,
          configurable: true,
        })
      }
      return result
    }
    case 'Array':
      return node.elements.map((element, i) => toValue(element.value, `${path}[${i}]`, walk))
    case 'Number': {
      const literal = walk.text.slice(node.loc.start.offset, node.loc.end.offset)
      if (String(node.value) !== literal) {
        const exact = Number.isFinite(node.value) && (!/^-?\d+$/.test(literal) || Number.isSafeInteger(node.value))
        walk.numbers.push({ path, literal, exact })
      }
      return node.value
    }
    case 'String':
    case 'Boolean':
      return node.value
    case 'Null':
      return null
    default:
      throw new SignetError('ERR_TOKEN_JSON', `Unexpected JSON construct "${node.type}".`)
  }
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function jsonTypeName(value: JsonValue): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

function preview(text: string): string {
  const flat = Array.from(text, (ch) => (ch.charCodeAt(0) < 0x20 || ch === '\u007f' ? '·' : ch)).join('')
  return JSON.stringify(flat.length > 60 ? `${flat.slice(0, 60)}…` : flat)
}
