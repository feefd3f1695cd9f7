import { Badge, Button, FileButton, Group, Kbd, Menu, Text, Tooltip } from '@mantine/core'
import { IconChevronDown, IconClipboardText, IconEraser, IconFileImport, IconFileText } from '@tabler/icons-react'
import { useCallback, useMemo, useRef, useState } from 'react'
import { SignetError, type SerializedError } from '../../../../shared/errors'
import { decodeToken, type DecodedToken } from '../../../../shared/token/decode'
import { ScreenHeader } from '../../components/screen-header'
import type { ScreenProps } from '../../screens'
import { isMacPlatform } from '../../shell/platform'
import { modifierLabel } from '../../shell/shortcuts'
import { DecodeErrorPanel, DecodeNotesList } from './decode-messages'
import { exampleTokens } from './examples'
import { jsonSerializationSpans } from './json-spans'
import { JweContentPanel, JweHeaderPanel } from './jwe-panels'
import { JwsHeaderPanel, PayloadPanel, SignaturesPanel } from './jws-panels'
import { tokenTextFromFile } from './read-token-file'
import { SegmentLegend } from './segment-legend'
import { TokenEditor, type TokenEditorHandle } from './token-editor'
import { useNow } from './use-now'
import { VerificationSlot } from './verification-slot'
import classes from './inspector.module.css'

type Decoded = { status: 'empty' } | { status: 'ok'; token: DecodedToken } | { status: 'error'; error: SerializedError }

function decode(input: string): Decoded {
  if (input.trim().length === 0) return { status: 'empty' }
  try {
    return { status: 'ok', token: decodeToken(input) }
  } catch (error) {
    if (error instanceof SignetError) return { status: 'error', error: error.toJSON() }
    return {
      status: 'error',
      error: { code: 'ERR_INTERNAL', message: 'The decoder failed unexpectedly on this input. Report it with the token (or a redacted copy).' },
    }
  }
}

/**
 * Inspect: paste or drop a token and see, as you type, what it claims. Decoding runs here in the
 * renderer (pure shared code, no IPC); verification plugs into the slot below the decoded parts.
 */
export function InspectorScreen({ active }: ScreenProps) {
  const [input, setInput] = useState('')
  const [fileError, setFileError] = useState<SerializedError | null>(null)
  const [source, setSource] = useState<string | null>(null)
  const editor = useRef<TokenEditorHandle>(null)
  // Synchronous on purpose: the editor's colouring must describe the very text on screen.
  const decoded = useMemo(() => decode(input), [input])
  const now = useNow(15_000, active, input)

  const compact = decoded.status === 'ok' && decoded.token.spans.length > 0
  const spans = useMemo(() => {
    if (decoded.status !== 'ok') return []
    return decoded.token.spans.length > 0 ? decoded.token.spans : jsonSerializationSpans(input)
  }, [decoded, input])
  const errorMark = useMemo(() => {
    if (decoded.status !== 'error' || decoded.error.location?.offset === undefined) return null
    return { offset: decoded.error.location.offset, length: decoded.error.location.length ?? 1 }
  }, [decoded])

  const replaceInput = useCallback((text: string, from: string | null) => {
    setInput(text)
    setSource(from)
    setFileError(null)
  }, [])

  const openFile = useCallback(
    async (file: File | null) => {
      if (!file) return
      try {
        replaceInput(tokenTextFromFile(file.name, new Uint8Array(await file.arrayBuffer())), file.name)
      } catch (error) {
        setFileError(
          error instanceof SignetError
            ? error.toJSON()
            : { code: 'ERR_FILE_UNREADABLE', message: `${file.name} could not be read. Check that it still exists and is readable.` },
        )
      }
    },
    [replaceInput],
  )

  const token = decoded.status === 'ok' ? decoded.token : null

  return (
    <div
      className={classes.screen}
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes('Files')) event.preventDefault()
      }}
      onDrop={(event) => {
        const file = event.dataTransfer.files[0]
        if (!file) return
        event.preventDefault()
        void openFile(file)
      }}
    >
      <ScreenHeader
        title="Inspect"
        description="Decode a JWT, JWS or JWE — compact or JSON. Decoding happens on this machine; nothing is sent anywhere."
        actions={
          <>
            <Menu position="bottom-end" width={340} withinPortal>
              <Menu.Target>
                <Button size="xs" variant="default" rightSection={<IconChevronDown size={14} />} data-testid="examples-menu">
                  Examples
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>Published example tokens</Menu.Label>
                {exampleTokens.map((example) => (
                  <Menu.Item
                    key={example.id}
                    onClick={() => replaceInput(example.token, example.source)}
                    rightSection={
                      <Text fz={11} c="dimmed">
                        {example.source}
                      </Text>
                    }
                    data-testid={`example-${example.id}`}
                  >
                    {example.label}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
            <FileButton onChange={(file) => void openFile(file)} accept=".jwt,.jws,.jwe,.txt,.json,text/plain,application/json,application/jwt">
              {(props) => (
                <Button size="xs" variant="default" leftSection={<IconFileImport size={14} />} {...props}>
                  Open file…
                </Button>
              )}
            </FileButton>
            <Tooltip label="Clear the editor">
              <Button size="xs" variant="subtle" color="gray" leftSection={<IconEraser size={14} />} onClick={() => replaceInput('', null)} disabled={input.length === 0}>
                Clear
              </Button>
            </Tooltip>
          </>
        }
      />
      <div className={classes.body}>
        <section className={classes.editorColumn} aria-label="Token input">
          <div className={classes.columnBar}>
            <Text fz={12} fw={600}>
              Token
            </Text>
            {source && (
              <Text fz={11} c="dimmed" truncate="end" className={classes.source}>
                <IconFileText size={12} stroke={1.7} aria-hidden /> {source}
              </Text>
            )}
            <span className={classes.barSpacer} />
            {token && (
              <Badge variant="light" color={formColor(token)} size="sm" tt="none" data-testid="form-badge">
                {token.label}
              </Badge>
            )}
            {decoded.status === 'error' && (
              <Badge variant="light" color="red" size="sm" tt="none" data-testid="form-badge">
                Does not decode
              </Badge>
            )}
          </div>
          <div className={classes.editorFrame} data-state={decoded.status}>
            {input.length === 0 && <EditorHint />}
            <TokenEditor
              ref={editor}
              value={input}
              onChange={(text) => replaceInput(text, null)}
              spans={spans}
              compact={compact}
              error={errorMark}
              onFileDrop={(file) => void openFile(file)}
            />
          </div>
          {token && <SegmentLegend token={token} spans={spans} />}
          {token && token.notes.normalized.length + token.notes.nonCanonicalSegments.length + token.notes.duplicateMembers.length > 0 && (
            <div className={classes.messages}>
              <DecodeNotesList notes={token.notes} />
            </div>
          )}
        </section>
        <section className={classes.resultColumn} aria-label="Decoded token" data-testid="results">
          <div className={classes.stack}>
            {fileError && <DecodeErrorPanel error={fileError} />}
            {decoded.status === 'error' && (
              <DecodeErrorPanel
                error={decoded.error}
                onReveal={errorMark ? () => editor.current?.reveal(errorMark.offset, errorMark.length) : undefined}
              />
            )}
            {token ? <Results token={token} now={now} /> : decoded.status === 'empty' && <EmptyResults onExample={(t, s) => replaceInput(t, s)} />}
          </div>
        </section>
      </div>
    </div>
  )
}

/** The decoded parts in reading order, then the verification slot. */
function Results({ token, now }: { token: DecodedToken; now: number }) {
  if (token.type === 'jwe') {
    return (
      <>
        <JweHeaderPanel token={token} protectedRaw={jweProtectedRaw(token)} now={now} />
        <JweContentPanel token={token} />
        <VerificationSlot token={token} now={now} />
      </>
    )
  }
  return (
    <>
      {token.signatures.map((signature, i) => (
        <JwsHeaderPanel key={i} signature={signature} index={i} count={token.signatures.length} now={now} />
      ))}
      <PayloadPanel payload={token.payload} unencoded={token.unencodedPayload} now={now} />
      <SignaturesPanel token={token} />
      <VerificationSlot token={token} now={now} />
    </>
  )
}

/** Over the empty editor: what to do, where the pointer would look for it. Clicks pass through. */
function EditorHint() {
  const mod = modifierLabel(isMacPlatform())
  return (
    <div className={classes.editorHint} aria-hidden>
      <IconClipboardText size={28} stroke={1.3} />
      <Text fz="sm" fw={500}>
        Paste a token here
      </Text>
      <Text fz="xs" c="dimmed">
        JWT, JWS or JWE · compact or JSON · “Bearer …” is fine
      </Text>
      <Text fz="xs" c="dimmed">
        or drop a token file onto the window
      </Text>
      <Group gap={4} mt={6}>
        <Kbd>{mod}</Kbd>
        <Text fz="xs" c="dimmed" span>
          +
        </Text>
        <Kbd>L</Kbd>
        <Text fz="xs" c="dimmed" span ml={4}>
          focuses this editor
        </Text>
      </Group>
    </div>
  )
}

function EmptyResults({ onExample }: { onExample: (token: string, source: string) => void }) {
  return (
    <div className={classes.emptyResults} data-testid="empty-results">
      <Text fz="sm" fw={600}>
        Paste a token to see what it says
      </Text>
      <Text fz="xs" c="dimmed" maw={420}>
        Its header and claims, explained in plain words; every time as UTC and relative to now; the signature’s algorithm and
        size; for an encrypted token, its header and the size of each part. Or start from a published example:
      </Text>
      <div className={classes.exampleList}>
        {exampleTokens.map((example) => (
          <Button
            key={example.id}
            variant="default"
            size="xs"
            justify="space-between"
            fullWidth
            onClick={() => onExample(example.token, example.source)}
            rightSection={
              <Text fz={11} c="dimmed">
                {example.source}
              </Text>
            }
          >
            {example.label}
          </Button>
        ))}
      </div>
    </div>
  )
}

function formColor(token: DecodedToken): string {
  if (token.type === 'jwe') return 'grape'
  if (token.form === 'unsecured-jwt') return 'red'
  return 'indigo'
}

function jweProtectedRaw(token: DecodedToken): string | null {
  if (token.form === 'jwe-compact') return token.token.split('.')[0] ?? null
  try {
    const document: unknown = JSON.parse(token.token)
    const value = (document as { protected?: unknown }).protected
    return typeof value === 'string' ? value : null
  } catch {
    return null
  }
}
