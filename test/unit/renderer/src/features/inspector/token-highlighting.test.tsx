import { EditorState, type TransactionSpec } from '@codemirror/state'
import { EditorView, type Decoration, type DecorationSet } from '@codemirror/view'
import { describe, expect, it } from 'vitest'
import {
  buildTokenDecorations,
  pushTokenMarks,
  tokenHighlighting,
} from '#renderer/features/inspector/token-highlighting'
import { decodeToken } from '#shared/token/decode'

function marks(set: ReturnType<typeof buildTokenDecorations>) {
  const out: { from: number; to: number; class: string }[] = []
  set.between(0, Number.MAX_SAFE_INTEGER, (from, to, value: Decoration) => {
    out.push({ from, to, class: (value.spec as { class?: string }).class ?? 'widget' })
  })
  return out
}

describe('buildTokenDecorations', () => {
  it('colours the three segments of a compact JWS and its two dots', () => {
    const token = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.c2ln'
    const decoded = decodeToken(token)
    expect(marks(buildTokenDecorations({ spans: decoded.spans, compact: true, error: null }, token.length))).toEqual([
      { from: 0, to: 19, class: 'cm-seg cm-seg-header' },
      { from: 19, to: 20, class: 'cm-seg-dot' },
      { from: 20, to: 35, class: 'cm-seg cm-seg-payload' },
      { from: 35, to: 36, class: 'cm-seg-dot' },
      { from: 36, to: 40, class: 'cm-seg cm-seg-signature' },
    ])
  })

  it('keeps the spans in the pasted text’s coordinates when "Bearer " was stripped', () => {
    const token = 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.'
    const decoded = decodeToken(token)
    const header = marks(buildTokenDecorations({ spans: decoded.spans, compact: true, error: null }, token.length))[0]!
    expect(token.slice(header.from, header.to)).toBe('eyJhbGciOiJub25lIn0')
  })

  it('underlines the error location, or marks the end when the error is past the last character', () => {
    expect(marks(buildTokenDecorations({ spans: [], compact: true, error: { offset: 4, length: 2 } }, 10))).toEqual([
      { from: 4, to: 6, class: 'cm-token-error' },
    ])
    expect(marks(buildTokenDecorations({ spans: [], compact: true, error: { offset: 10, length: 1 } }, 10))).toEqual([
      { from: 10, to: 10, class: 'widget' },
    ])
  })

  it('never puts dots between JSON members and clamps out-of-range spans', () => {
    const spans = [
      { name: 'payload' as const, start: 2, end: 6 },
      { name: 'signature' as const, start: 7, end: 99 },
    ]
    expect(marks(buildTokenDecorations({ spans, compact: false, error: null }, 20))).toEqual([
      { from: 2, to: 6, class: 'cm-seg cm-seg-payload' },
      { from: 7, to: 20, class: 'cm-seg cm-seg-signature' },
    ])
  })
})

describe('pushTokenMarks', () => {
  // A real EditorState behind the two members of the view that pushTokenMarks uses.
  function editor(text: string) {
    const view = {
      state: EditorState.create({ doc: text, extensions: tokenHighlighting() }),
      dispatches: 0,
      dispatch(spec: TransactionSpec) {
        view.dispatches++
        view.state = view.state.update(spec).state
      },
    }
    return view
  }
  const decodedMarks = (text: string) => ({ spans: decodeToken(text).spans, compact: true, error: null })
  const shown = (state: EditorState) => marks(state.facet(EditorView.decorations)[0] as DecorationSet)
  const type = (view: ReturnType<typeof editor>, at: number, insert: string) => {
    view.state = view.state.update({ changes: { from: at, insert } }).state
  }
  const token = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.c2lnbmF0dXJl'

  it('skips the push when the marks mapped through a keystroke already say what the decoder says', () => {
    const view = editor(token)
    expect(pushTokenMarks(view, decodedMarks(token))).toBe(true)
    // Characters typed at the signature's end, then inside it: the mapped marks match.
    for (const at of [token.length, 40]) {
      type(view, at, 'AB')
      const text = view.state.doc.toString()
      expect(pushTokenMarks(view, decodedMarks(text))).toBe(false)
      expect(shown(view.state)).toEqual(marks(buildTokenDecorations(decodedMarks(text), text.length)))
    }
    expect(view.dispatches).toBe(1)
  })

  it('pushes when the decoder disagrees with the mapped marks (a dot typed splits a segment, an error appears)', () => {
    const view = editor(token)
    pushTokenMarks(view, decodedMarks(token))
    type(view, 5, '.')
    const text = view.state.doc.toString()
    expect(pushTokenMarks(view, { spans: [], compact: true, error: { offset: 0, length: text.length } })).toBe(true)
    expect(shown(view.state)).toEqual([{ from: 0, to: text.length, class: 'cm-token-error' }])
  })
})
