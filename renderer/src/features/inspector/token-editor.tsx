import { EditorSelection } from '@codemirror/state'
import { EditorView } from '@codemirror/view'
import { useComputedColorScheme } from '@mantine/core'
import CodeMirror, { ExternalChange, type ReactCodeMirrorRef } from '@uiw/react-codemirror'
import { forwardRef, useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react'
import { useShellCommand } from '../../shell/commands'
import { monospaceFont } from '../../theme'
import { pushTokenMarks, tokenHighlighting, type TokenMarks } from './token-highlighting'

/** The decoder's marks, and the text they describe (which may be an earlier text than the editor's). */
export interface EditorMarks extends TokenMarks {
  text: string
}

export interface TokenEditorProps {
  /** the text to show, whenever `revision` changes (a replacement from outside the editor) */
  value: string
  revision: number
  /** the editor's text after an edit in it, and the revision it was typed over */
  onChange: (value: string, revision: number) => void
  /**
   * Pushed into the editor when they describe its text; marks for an earlier text (the decode
   * catches up after the keystroke's paint) are skipped, the editor keeps its own marks mapped
   * through the edits, and the next marks replace them.
   */
  marks: EditorMarks
  /** a file dropped onto the editor replaces its content, rather than being inserted as text */
  onFileDrop: (file: File) => void
}

export interface TokenEditorHandle {
  focus(): void
  /** moves the cursor to `offset` and selects `length` characters, scrolling them into view */
  reveal(offset: number, length: number): void
}

const editorTheme = (dark: boolean) =>
  EditorView.theme(
    {
      '&': {
        fontSize: '12.5px',
        backgroundColor: 'var(--signet-surface)',
        color: 'var(--mantine-color-text)',
      },
      '.cm-scroller': { fontFamily: monospaceFont, lineHeight: '1.6', overflow: 'auto' },
      '.cm-content': { padding: '10px 0', caretColor: 'var(--mantine-color-text)', wordBreak: 'break-all' },
      '.cm-line': { padding: '0 12px' },
      '&.cm-focused': { outline: 'none' },
      '.cm-placeholder': { color: 'var(--mantine-color-placeholder)', fontFamily: 'var(--mantine-font-family)' },
      // The browser's own selection and caret (basicSetup's drawSelection is off).
      '.cm-content ::selection': {
        backgroundColor: 'color-mix(in srgb, var(--mantine-primary-color-filled) 28%, transparent)',
      },
    },
    { dark },
  )

/**
 * One object for the life of the app: @uiw/react-codemirror reconfigures the whole editor (keymaps,
 * theme, every extension) whenever `basicSetup`, `onChange` or `extensions` is a new value, and a
 * reconfiguration per keystroke costs more than the keystroke itself on an 8 KB token.
 *
 * The browser draws the selection and the caret (drawSelection off): CodeMirror's drawn ones are
 * measured and redrawn in the animation frame after every keystroke; without them a keystroke on an
 * 8 KB token reaches its paint in 0.54-0.78x the time (test/bench/inspect-keystroke.ts). What they add — several cursors, rectangular
 * selection — a token does not need, so those are off too (an undrawn second cursor would be an
 * invisible one).
 */
const basicSetup = {
  lineNumbers: false,
  foldGutter: false,
  highlightActiveLine: false,
  highlightActiveLineGutter: false,
  autocompletion: false,
  closeBrackets: false,
  bracketMatching: true,
  drawSelection: false,
  allowMultipleSelections: false,
  rectangularSelection: false,
  highlightSelectionMatches: false,
  searchKeymap: true,
  indentOnInput: false,
  dropCursor: true,
} as const

/**
 * The token input: CodeMirror 6, monospace and wrapping, segments coloured from the decoder's spans
 * (for the JSON forms, their base64url members), the decode error underlined. Tab leaves the editor
 * (indentWithTab off) so the page stays keyboard-navigable.
 */
export const TokenEditor = forwardRef<TokenEditorHandle, TokenEditorProps>(function TokenEditor(
  { value, revision, onChange, marks, onFileDrop },
  ref,
) {
  const codeMirror = useRef<ReactCodeMirrorRef>(null)
  const scheme = useComputedColorScheme('light')
  // The latest handlers, behind callbacks that never change (see basicSetup: a new onChange would
  // reconfigure the editor on every keystroke).
  const dropHandler = useRef(onFileDrop)
  const changeHandler = useRef(onChange)
  useEffect(() => {
    dropHandler.current = onFileDrop
    changeHandler.current = onChange
  })
  // The editor owns its text: @uiw/react-codemirror gets the first text only (it would write any
  // newer `value` back into the document, and a `value` that lags the typing would undo keys), and
  // replacements from outside come through `revision`.
  const [firstText] = useState(value)
  const shown = useRef({ value, revision })
  const handleChange = useCallback((text: string) => changeHandler.current(text, shown.current.revision), [])
  useEffect(() => {
    shown.current = { value, revision }
    const view = codeMirror.current?.view
    if (view) showText(view, value)
    // Only on a new revision: `value` also follows the typing, a frame behind it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [revision])

  const extensions = useMemo(
    () => [
      EditorView.lineWrapping,
      tokenHighlighting(),
      EditorView.contentAttributes.of({
        'aria-label': 'Token',
        'aria-multiline': 'true',
        spellcheck: 'false',
        autocorrect: 'off',
        autocapitalize: 'off',
        'data-testid': 'token-editor',
      }),
      EditorView.domEventHandlers({
        dragover(event) {
          if (event.dataTransfer?.types.includes('Files')) {
            event.preventDefault()
            return true
          }
          return false
        },
        drop(event) {
          const file = event.dataTransfer?.files[0]
          if (!file) return false
          event.preventDefault()
          dropHandler.current(file)
          return true
        },
      }),
    ],
    [],
  )

  const theme = useMemo(() => editorTheme(scheme === 'dark'), [scheme])

  // On new marks, not on `value`: a keystroke alone must not update the editor a second time (its
  // redraw of the one long line forces a layout of the whole page). The view is created after the
  // first render (onCreateEditor then pushes the marks of that moment).
  const latestMarks = useRef(marks)
  useEffect(() => {
    latestMarks.current = marks
    const view = codeMirror.current?.view
    if (view) pushMarksIfCurrent(view, marks)
  }, [marks])
  const onCreateEditor = useCallback((view: EditorView) => {
    showText(view, shown.current.value)
    pushMarksIfCurrent(view, latestMarks.current)
  }, [])

  const focusAndSelectAll = () => {
    const view = codeMirror.current?.view
    if (!view) return
    view.focus()
    view.dispatch({ selection: EditorSelection.single(0, view.state.doc.length) })
  }

  useImperativeHandle(ref, () => ({
    focus: focusAndSelectAll,
    reveal(offset, length) {
      const view = codeMirror.current?.view
      if (!view) return
      const docLength = view.state.doc.length
      const from = Math.max(0, Math.min(offset, docLength))
      const to = Math.max(from, Math.min(offset + length, docLength))
      view.focus()
      view.dispatch({
        selection: EditorSelection.single(from, to),
        effects: EditorView.scrollIntoView(from, { y: 'center' }),
      })
    },
  }))

  // Ctrl/Cmd+L: like a browser's address bar, focus and select everything so a paste replaces it.
  useShellCommand('focus-token-editor', focusAndSelectAll)

  return (
    <CodeMirror
      ref={codeMirror}
      value={firstText}
      onChange={handleChange}
      onCreateEditor={onCreateEditor}
      // As tall as the token, within bounds: no empty block under a short token, and a long one
      // scrolls inside the editor rather than pushing the key input out of the window. Empty, it
      // leaves room for the hint drawn over it.
      minHeight={value.length === 0 ? '236px' : '96px'}
      maxHeight="38vh"
      theme={theme}
      extensions={extensions}
      indentWithTab={false}
      basicSetup={basicSetup}
    />
  )
})

/** Replaces the editor's text with `text`, unless it is that already; not reported as typed. */
function showText(view: EditorView, text: string): void {
  const doc = view.state.doc
  if (doc.length === text.length && doc.toString() === text) return
  view.dispatch({ changes: { from: 0, to: doc.length, insert: text }, annotations: ExternalChange.of(true) })
}

/** Pushes `marks` into `view` if they describe its text (see TokenEditorProps.marks). */
function pushMarksIfCurrent(view: EditorView, marks: EditorMarks): void {
  const doc = view.state.doc
  if (doc.length === marks.text.length && doc.toString() === marks.text) pushTokenMarks(view, marks)
}
