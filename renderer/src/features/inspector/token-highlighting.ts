import {
  StateEffect,
  StateField,
  type EditorState,
  type Extension,
  type Range,
  type TransactionSpec,
} from '@codemirror/state'
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view'
import type { Span } from '#shared/token/decode'

/**
 * A CodeMirror extension that colours a compact token's segments (header, payload, signature, or
 * the five JWE parts) the way jwt.io does, and underlines the exact place a decode error points
 * at. The inspector decodes once and pushes the result in with `setTokenMarks`; between a keystroke
 * and that push, the marks are mapped through the edit so they never point at the wrong text.
 */

export interface TokenMarks {
  spans: readonly Span[]
  /** compact serialization: the single characters between spans are the "." separators */
  compact: boolean
  error: { offset: number; length: number } | null
}

export const setTokenMarks = StateEffect.define<TokenMarks>()

class EndOfInputMarker extends WidgetType {
  override eq(): boolean {
    return true
  }
  toDOM(): HTMLElement {
    const element = document.createElement('span')
    element.className = 'cm-token-error cm-token-error-end'
    element.setAttribute('aria-hidden', 'true')
    element.textContent = '\u00a0'
    return element
  }
}

const segmentMarks = new Map<Span['name'], Decoration>()
function segmentMark(name: Span['name']): Decoration {
  let mark = segmentMarks.get(name)
  if (!mark)
    segmentMarks.set(
      name,
      // Inclusive end: a character typed at a segment's end joins it when the marks are mapped
      // through the edit, as the decoder will say, so the push after a keystroke usually changes nothing.
      (mark = Decoration.mark({
        class: `cm-seg cm-seg-${name}`,
        attributes: { 'data-segment': name },
        inclusiveEnd: true,
      })),
    )
  return mark
}
const errorMark = Decoration.mark({ class: 'cm-token-error', attributes: { 'data-testid': 'token-error-mark' } })
const dotMark = Decoration.mark({ class: 'cm-seg-dot' })

/** Builds the decorations for a document of length `docLength`; exported for tests. */
export function buildTokenDecorations(marks: TokenMarks, docLength: number): DecorationSet {
  const ranges: Range<Decoration>[] = []
  const clamp = (n: number) => Math.max(0, Math.min(docLength, n))
  let previousEnd = -1
  for (const span of marks.spans) {
    const from = clamp(span.start)
    const to = clamp(span.end)
    if (marks.compact && previousEnd >= 0 && from - previousEnd === 1) ranges.push(dotMark.range(previousEnd, from))
    if (to > from) ranges.push(segmentMark(span.name).range(from, to))
    previousEnd = to
  }
  if (marks.error) {
    const from = clamp(marks.error.offset)
    const to = clamp(marks.error.offset + Math.max(1, marks.error.length))
    if (to > from) ranges.push(errorMark.range(from, to))
    else ranges.push(Decoration.widget({ widget: new EndOfInputMarker(), side: 1 }).range(docLength))
  }
  return Decoration.set(ranges, true)
}

const tokenMarksField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, transaction) {
    let next = decorations.map(transaction.changes)
    for (const effect of transaction.effects) {
      if (effect.is(setTokenMarks)) next = buildTokenDecorations(effect.value, transaction.state.doc.length)
    }
    return next
  },
  provide: (field) => EditorView.decorations.from(field),
})

const highlightTheme = EditorView.baseTheme({
  '.cm-seg-header': { color: 'var(--signet-seg-header)' },
  '.cm-seg-payload': { color: 'var(--signet-seg-payload)' },
  '.cm-seg-signature': { color: 'var(--signet-seg-signature)' },
  '.cm-seg-encrypted_key': { color: 'var(--signet-seg-encrypted_key)' },
  '.cm-seg-iv': { color: 'var(--signet-seg-iv)' },
  '.cm-seg-ciphertext': { color: 'var(--signet-seg-ciphertext)' },
  '.cm-seg-tag': { color: 'var(--signet-seg-tag)' },
  '.cm-seg-dot': { color: 'var(--signet-seg-dot)', fontWeight: '700' },
  '.cm-token-error': {
    textDecoration: 'underline wavy var(--signet-error)',
    textDecorationSkipInk: 'none',
    textUnderlineOffset: '3px',
    backgroundColor: 'color-mix(in srgb, var(--signet-error) 16%, transparent)',
    borderRadius: '2px',
  },
  '.cm-token-error-end': { display: 'inline-block', minWidth: '0.7em' },
})

/**
 * Pushes the decoder's marks into `view`, unless the marks already there (mapped through the
 * edits since the last push) are the same: a keystroke inside a segment then costs no second
 * editor update, whose redraw of the one long line forces a layout of the whole page.
 * Returns whether it dispatched. `view`: an EditorView, or anything with its state and dispatch.
 */
export function pushTokenMarks(
  view: { readonly state: EditorState; dispatch(spec: TransactionSpec): void },
  marks: TokenMarks,
): boolean {
  const current = view.state.field(tokenMarksField, false)
  if (current && sameDecorations(current, buildTokenDecorations(marks, view.state.doc.length))) return false
  view.dispatch({ effects: setTokenMarks.of(marks) })
  return true
}

/** Same ranges with equal decorations, in order (the sets hold a few ranges: one per segment). */
function sameDecorations(a: DecorationSet, b: DecorationSet): boolean {
  if (a.size !== b.size) return false
  const left = a.iter()
  const right = b.iter()
  for (; left.value && right.value; left.next(), right.next()) {
    if (left.from !== right.from || left.to !== right.to || !left.value.eq(right.value)) return false
  }
  return !left.value && !right.value
}

export function tokenHighlighting(): Extension {
  return [tokenMarksField, highlightTheme]
}
