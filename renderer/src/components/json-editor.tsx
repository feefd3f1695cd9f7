import { json, jsonParseLinter } from '@codemirror/lang-json'
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language'
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint'
import { EditorState, type Extension } from '@codemirror/state'
import { EditorView } from '@codemirror/view'
import { tags } from '@lezer/highlight'
import { useComputedColorScheme } from '@mantine/core'
import CodeMirror from '@uiw/react-codemirror'
import { useMemo } from 'react'
import { monospaceFont } from '../theme'
import classes from './json-editor.module.css'

/**
 * JSON in CodeMirror, themed like the token editor: editable with live syntax checking (the claims
 * editor) or read-only (the JWKS view). `validate` adds diagnostics of its own (a claim of the wrong
 * type) on top of the parser's. Tab leaves the editor so the page stays keyboard-navigable.
 */

export interface JsonEditorProps {
  value: string
  onChange?: (value: string) => void
  readOnly?: boolean
  /** extra checks on a document that parses; positions are offsets into it */
  validate?: (text: string) => Diagnostic[]
  /** Ctrl/Cmd+Enter inside the editor (e.g. "sign") */
  onSubmit?: () => void
  label: string
  testId?: string
  minHeight?: string
  maxHeight?: string
}

const jsonHighlighting = (dark: boolean) =>
  HighlightStyle.define([
    { tag: tags.propertyName, color: dark ? 'var(--mantine-color-gray-2)' : 'var(--mantine-color-gray-9)' },
    { tag: tags.string, color: dark ? 'var(--mantine-color-green-4)' : 'var(--mantine-color-green-8)' },
    { tag: tags.number, color: dark ? 'var(--mantine-color-blue-3)' : 'var(--mantine-color-blue-7)' },
    { tag: [tags.bool, tags.null], color: dark ? 'var(--mantine-color-grape-3)' : 'var(--mantine-color-grape-7)' },
    { tag: [tags.brace, tags.squareBracket, tags.separator, tags.punctuation], color: 'var(--mantine-color-dimmed)' },
  ])

const editorTheme = (dark: boolean, minHeight: string, maxHeight: string | undefined) =>
  EditorView.theme(
    {
      '&': {
        fontSize: '12.5px',
        backgroundColor: 'var(--signet-surface)',
        color: 'var(--mantine-color-text)',
        minHeight,
        ...(maxHeight ? { maxHeight } : {}),
      },
      '.cm-scroller': { fontFamily: monospaceFont, lineHeight: '1.55', overflow: 'auto', minHeight },
      '.cm-content': { padding: '8px 0', caretColor: 'var(--mantine-color-text)' },
      '.cm-line': { padding: '0 10px' },
      '&.cm-focused': { outline: 'none' },
      '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--mantine-color-text)' },
      '.cm-gutters': {
        backgroundColor: 'var(--signet-surface-raised)',
        borderRight: '1px solid var(--signet-border)',
        color: 'var(--mantine-color-dimmed)',
      },
      '.cm-lineNumbers .cm-gutterElement': { padding: '0 6px 0 8px', minWidth: '28px' },
      '.cm-activeLineGutter': { backgroundColor: 'transparent', color: 'var(--mantine-color-text)' },
      '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground': {
        backgroundColor: 'color-mix(in srgb, var(--mantine-primary-color-filled) 28%, transparent) !important',
      },
      '.cm-tooltip': {
        fontFamily: 'var(--mantine-font-family)',
        fontSize: '12px',
        border: '1px solid var(--signet-border)',
        backgroundColor: 'var(--signet-surface-raised)',
      },
      '.cm-diagnostic-error': { borderLeftColor: 'var(--signet-error)' },
      '.cm-lintRange-error': {
        backgroundImage: 'none',
        textDecoration: 'underline wavy var(--signet-error)',
        textUnderlineOffset: '3px',
      },
    },
    { dark },
  )

function jsonExtensions(
  dark: boolean,
  label: string,
  readOnly: boolean,
  testId: string | undefined,
  validate: JsonEditorProps['validate'],
): Extension[] {
  const list: Extension[] = [
    json(),
    syntaxHighlighting(jsonHighlighting(dark)),
    EditorView.contentAttributes.of({
      'aria-label': label,
      spellcheck: 'false',
      autocorrect: 'off',
      autocapitalize: 'off',
      ...(testId ? { 'data-testid': testId } : {}),
    }),
  ]
  if (readOnly) return [...list, EditorState.readOnly.of(true), EditorView.editable.of(false)]
  const parse = jsonParseLinter()
  return [
    ...list,
    lintGutter(),
    // Syntax first: semantic checks on a document that does not parse would only add noise.
    linter(
      (view) => {
        // An empty editor is waiting for input, not wrong: no syntax marker before anything is typed.
        if (view.state.doc.toString().trim() === '') return []
        const syntax = parse(view)
        if (syntax.length > 0) return syntax
        return validate?.(view.state.doc.toString()) ?? []
      },
      { delay: 150 },
    ),
  ]
}

export function JsonEditor({
  value,
  onChange,
  readOnly = false,
  validate,
  onSubmit,
  label,
  testId,
  minHeight = '120px',
  maxHeight,
}: JsonEditorProps) {
  const scheme = useComputedColorScheme('light')
  const dark = scheme === 'dark'
  // `validate` must be stable (useCallback): a new one reconfigures the editor.
  const extensions = useMemo(
    () => jsonExtensions(dark, label, readOnly, testId, validate),
    [dark, label, readOnly, testId, validate],
  )

  const theme = useMemo(() => editorTheme(dark, minHeight, maxHeight), [dark, minHeight, maxHeight])

  return (
    <div
      className={classes.jsonEditor}
      onKeyDownCapture={(event) => {
        // Before CodeMirror, whose Mod-Enter would insert a blank line.
        if (onSubmit && event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault()
          event.stopPropagation()
          onSubmit()
        }
      }}
    >
      <CodeMirror
        value={value}
        onChange={onChange}
        theme={theme}
        extensions={extensions}
        editable={!readOnly}
        readOnly={readOnly}
        indentWithTab={false}
        basicSetup={{
          lineNumbers: true,
          foldGutter: readOnly,
          highlightActiveLine: false,
          highlightActiveLineGutter: !readOnly,
          autocompletion: false,
          closeBrackets: !readOnly,
          bracketMatching: true,
          highlightSelectionMatches: false,
          searchKeymap: true,
          indentOnInput: !readOnly,
          syntaxHighlighting: false,
        }}
      />
    </div>
  )
}
