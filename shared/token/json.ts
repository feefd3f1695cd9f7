import { parse, type AnyNode } from '@humanwhocodes/momoa'
import { SignetError } from '../errors'

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

export interface ParsedJson {
  value: JsonValue
  duplicates: DuplicateMember[]
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
  let root
  try {
    root = parse(text, { mode: 'json' })
  } catch (error) {
    const at = typeof (error as { offset?: unknown }).offset === 'number' ? (error as { offset: number }).offset : 0
    const reason = error instanceof Error ? error.message.replace(/\s*\(\d+:\d+\)\s*$/, '').replace(/\.$/, '') : 'unreadable JSON'
    throw new SignetError(
      'ERR_TOKEN_JSON',
      `The ${segment} is not valid JSON: ${reason} at character ${at} of the decoded ${segment}. ` +
        `It decodes to: ${preview(text)}`,
      { segment, offset: toInputOffset(at), length: 1 },
    )
  }
  const duplicates: DuplicateMember[] = []
  const value = toValue(root.body, '', duplicates, toInputOffset)
  const memberOffsets: Record<string, number> = {}
  if (root.body.type === 'Object') {
    for (const member of root.body.members) {
      const key = member.name.type === 'String' ? member.name.value : member.name.name
      memberOffsets[key] = toInputOffset(member.value.loc.start.offset)
    }
  }
  return { value, duplicates, memberOffsets }
}

function toValue(
  node: AnyNode,
  path: string,
  duplicates: DuplicateMember[],
  toInputOffset: (charIndex: number) => number,
): JsonValue {
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
          value: toValue(member.value, path ? `${path}.${key}` : key, duplicates, toInputOffset),
          enumerable: true,
          writable: true,
          configurable: true,
        })
      }
      return result
    }
    case 'Array':
      return node.elements.map((element, i) => toValue(element.value, `${path}[${i}]`, duplicates, toInputOffset))
    case 'String':
    case 'Number':
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
