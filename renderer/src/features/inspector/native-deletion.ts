import { Prec, type EditorState, type Extension } from '@codemirror/state'
import { EditorView } from '@codemirror/view'

/** The parts of a keydown event the decision reads. */
export interface DeletionKey {
  key: string
  ctrlKey: boolean
  altKey: boolean
  metaKey: boolean
}

/** Printable ASCII only: no line break, tab, surrogate pair, or character CodeMirror draws as a widget. */
const plainText = /^[\x20-\x7e]*$/

/**
 * Whether a keydown is a plain Backspace or Delete (Shift allowed, as the default keymap binds
 * Shift-Backspace to the same command) that the browser can carry out itself in `state`: for every
 * selection range, what the key removes (the selection, or the one character before or after the
 * cursor) is printable ASCII, and no widget (`hasWidget`, from..to inclusive) sits at it, which a
 * native deletion could remove from the DOM without the document knowing. Anything else — line
 * joins, grapheme clusters, special characters, word and line deletion (Ctrl/Alt/Cmd) — stays
 * CodeMirror's own command.
 *
 * Why: CodeMirror's deleteCharBackward redraws the line and then writes the DOM selection back
 * (Selection.collapse), which forces a synchronous layout of the whole wrapped line before the
 * frame's own; on an 8 KB token that is about a quarter of a keystroke's cost (Chromium trace). A
 * native deletion is read back by CodeMirror's DOM observer like typed text is.
 */
export function deletesNatively(
  event: DeletionKey,
  state: EditorState,
  hasWidget: (state: EditorState, from: number, to: number) => boolean,
): boolean {
  const backward = event.key === 'Backspace'
  if (!backward && event.key !== 'Delete') return false
  if (event.ctrlKey || event.altKey || event.metaKey) return false
  const length = state.doc.length
  return state.selection.ranges.every((range) => {
    const from = range.empty ? (backward ? range.from - 1 : range.from) : range.from
    const to = range.empty ? (backward ? range.to : range.to + 1) : range.to
    if (from < 0 || to > length) return false
    return plainText.test(state.sliceDoc(from, to)) && !hasWidget(state, from, to)
  })
}

/**
 * Lets the browser perform plain Backspace/Delete keystrokes (see `deletesNatively`); ahead of the
 * keymaps, so CodeMirror's own binding does not run. Returning true without preventDefault leaves
 * the key to the browser.
 */
export function nativeDeletion(hasWidget: (state: EditorState, from: number, to: number) => boolean): Extension {
  return Prec.highest(
    EditorView.domEventHandlers({
      keydown: (event, view) => deletesNatively(event, view.state, hasWidget),
    }),
  )
}
