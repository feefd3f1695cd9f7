import { EditorSelection, EditorState } from '@codemirror/state'
import { describe, expect, it } from 'vitest'
import { deletesNatively, type DeletionKey } from '#renderer/features/inspector/native-deletion'
import { hasTokenWidget, pushTokenMarks, tokenHighlighting } from '#renderer/features/inspector/token-highlighting'

const key = (name: string, modifiers: Partial<DeletionKey> = {}): DeletionKey => ({
  key: name,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  ...modifiers,
})
const noWidget = () => false

function state(doc: string, anchor: number, head = anchor, multiple = false) {
  return EditorState.create({
    doc,
    selection: multiple
      ? EditorSelection.create([EditorSelection.cursor(1), EditorSelection.cursor(anchor)])
      : { anchor, head },
    extensions: [tokenHighlighting(), EditorState.allowMultipleSelections.of(multiple)],
  })
}

describe('deletesNatively', () => {
  const token = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.'

  it('leaves a plain Backspace or Delete over base64url text to the browser, Shift included', () => {
    expect(deletesNatively(key('Backspace'), state(token, 10), noWidget)).toBe(true)
    expect(deletesNatively(key('Delete'), state(token, 10), noWidget)).toBe(true)
    // a keyboard event, Shift held
    const shifted = { ...key('Backspace'), shiftKey: true }
    expect(deletesNatively(shifted, state(token, 10), noWidget)).toBe(true)
    // a selection of plain text, wherever the cursor is
    expect(deletesNatively(key('Backspace'), state(token, 0, token.length), noWidget)).toBe(true)
  })

  it('keeps other keys, word and line deletion, and deletions at the document edges CodeMirror’s', () => {
    expect(deletesNatively(key('a'), state(token, 10), noWidget)).toBe(false)
    for (const modifier of ['ctrlKey', 'altKey', 'metaKey'] as const)
      expect(deletesNatively(key('Backspace', { [modifier]: true }), state(token, 10), noWidget)).toBe(false)
    expect(deletesNatively(key('Backspace'), state(token, 0), noWidget)).toBe(false)
    expect(deletesNatively(key('Delete'), state(token, token.length), noWidget)).toBe(false)
  })

  it('keeps a deletion that joins lines, splits a surrogate pair or removes a special character CodeMirror’s', () => {
    const json = '{\n  "payload": "eyJ"\n}'
    expect(deletesNatively(key('Backspace'), state(json, 2), noWidget)).toBe(false)
    expect(deletesNatively(key('Delete'), state(json, 1), noWidget)).toBe(false)
    expect(deletesNatively(key('Backspace'), state('ab😀', 4), noWidget)).toBe(false)
    expect(deletesNatively(key('Backspace'), state('ab\u200bcd', 3), noWidget)).toBe(false)
    expect(deletesNatively(key('Backspace'), state('a\tb', 0, 3), noWidget)).toBe(false)
    // every range counts: the cursor at 1 deletes 'a', the one at 3 the line break
    expect(deletesNatively(key('Backspace'), state('ab\ncd', 3, 3, true), noWidget)).toBe(false)
  })

  it('keeps a deletion next to the end-of-input error marker CodeMirror’s (the browser could delete the widget)', () => {
    let current = state(token, token.length)
    const view = {
      get state() {
        return current
      },
      dispatch: (spec: Parameters<EditorState['update']>[0]) => (current = current.update(spec).state),
    }
    expect(deletesNatively(key('Backspace'), view.state, hasTokenWidget)).toBe(true)
    pushTokenMarks(view, { spans: [], compact: true, error: { offset: token.length, length: 0 } })
    expect(hasTokenWidget(view.state, token.length, token.length)).toBe(true)
    expect(deletesNatively(key('Backspace'), view.state, hasTokenWidget)).toBe(false)
    // far from the marker, the browser deletes
    current = current.update({ selection: { anchor: 10 } }).state
    expect(deletesNatively(key('Backspace'), view.state, hasTokenWidget)).toBe(true)
  })
})
