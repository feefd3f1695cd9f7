import { parse, type AnyNode } from '@humanwhocodes/momoa'
import type { Span } from '#shared/token/decode'

/**
 * Segment spans for a JSON-serialized JWS/JWE, so the editor colours "protected", "payload",
 * "signature" (and the JWE members) the way it colours the parts of a compact token. The decoder
 * reports no spans for the JSON forms (their parts are not contiguous), so they are found here from
 * momoa's AST, in the coordinates of the text exactly as typed.
 */

const memberSegments: Record<string, Span['name']> = {
  protected: 'header',
  payload: 'payload',
  signature: 'signature',
  encrypted_key: 'encrypted_key',
  iv: 'iv',
  ciphertext: 'ciphertext',
  tag: 'tag',
}

export function jsonSerializationSpans(text: string): Span[] {
  let root
  try {
    root = parse(text, { mode: 'json' })
  } catch {
    return []
  }
  const spans: Span[] = []
  collect(root.body, 0, spans)
  return spans.sort((a, b) => a.start - b.start)
}

/** The top level, and the objects in "signatures" / "recipients": where JOSE members live. */
function collect(node: AnyNode, depth: number, spans: Span[]): void {
  if (node.type !== 'Object' || depth > 2) return
  for (const member of node.members) {
    const name = member.name.type === 'String' ? member.name.value : member.name.name
    const segment = memberSegments[name]
    if (segment && member.value.type === 'String') {
      // Inside the quotes: the base64url text itself.
      const start = member.value.loc.start.offset + 1
      const end = member.value.loc.end.offset - 1
      if (end > start) spans.push({ name: segment, start, end })
    } else if ((name === 'signatures' || name === 'recipients') && member.value.type === 'Array' && depth === 0) {
      for (const element of member.value.elements) collect(element.value, depth + 1, spans)
    }
  }
}
