import { EditorSelection } from '@codemirror/state'
import { EditorView } from '@codemirror/view'
import { useComputedColorScheme } from '@mantine/core'
import CodeMirror, { type ReactCodeMirrorRef } from '@uiw/react-codemirror'
import { forwardRef, useEffect, useImperativeHandle, useMemo, useRef } from 'react'
import type { Span } from '#shared/token/decode'
import { useShellCommand } from '../../shell/commands'
import { monospaceFont } from '../../theme'
import { pushTokenMarks, tokenHighlighting } from './token-highlighting'

export interface TokenEditorProps {
  value: string
  onChange: (value: string) => void
  spans: readonly Span[]
  /** the spans are a compact token's segments (dots between them), not JSON members */
  compact: boolean
  error: { offset: number; length: number } | null
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
      '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--mantine-color-text)' },
      '.cm-placeholder': { color: 'var(--mantine-color-placeholder)', fontFamily: 'var(--mantine-font-family)' },
      '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground': {
        backgroundColor: 'color-mix(in srgb, var(--mantine-primary-color-filled) 28%, transparent) !important',
      },
    },
    { dark },
  )

/**
 * The token input: CodeMirror 6, monospace and wrapping, segments coloured from the decoder's spans
 * (for the JSON forms, their base64url members), the decode error underlined. Tab leaves the editor
 * (indentWithTab off) so the page stays keyboard-navigable.
 */
export const TokenEditor = forwardRef<TokenEditorHandle, TokenEditorProps>(function TokenEditor(
  { value, onChange, spans, compact, error, onFileDrop },
  ref,
) {
  const codeMirror = useRef<ReactCodeMirrorRef>(null)
  const scheme = useComputedColorScheme('light')
  const dropHandler = useRef(onFileDrop)
  useEffect(() => {
    dropHandler.current = onFileDrop
  })

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

  useEffect(() => {
    const view = codeMirror.current?.view
    if (view) pushTokenMarks(view, { spans, compact, error })
  }, [spans, compact, error, value])

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
      value={value}
      onChange={onChange}
      // As tall as the token, within bounds: no empty block under a short token, and a long one
      // scrolls inside the editor rather than pushing the key input out of the window. Empty, it
      // leaves room for the hint drawn over it.
      minHeight={value.length === 0 ? '236px' : '96px'}
      maxHeight="38vh"
      theme={theme}
      extensions={extensions}
      indentWithTab={false}
      basicSetup={{
        lineNumbers: false,
        foldGutter: false,
        highlightActiveLine: false,
        highlightActiveLineGutter: false,
        autocompletion: false,
        closeBrackets: false,
        bracketMatching: true,
        highlightSelectionMatches: false,
        searchKeymap: true,
        indentOnInput: false,
        dropCursor: true,
      }}
    />
  )
})
