import { Badge, Button, FileButton, Group, Kbd, Menu, Tabs, Text, Tooltip } from '@mantine/core'
import {
  IconChevronDown,
  IconClipboardText,
  IconEraser,
  IconFileImport,
  IconFileText,
  IconKey,
  IconListCheck,
  IconListDetails,
  IconSignature,
} from '@tabler/icons-react'
import { memo, useCallback, useDeferredValue, useMemo, useReducer, useRef, type ReactNode } from 'react'
import { SignetError, type SerializedError } from '#shared/errors'
import { jwsAlgorithmsForKey } from '#shared/key-material/algorithms'
import type { Policy } from '#shared/validation-policy/policy'
import { decodeToken, type DecodedToken } from '#shared/token/decode'
import { ScreenHeader } from '../../components/screen-header'
import { ScreenLayout } from '../../components/screen-layout'
import type { ScreenProps } from '../../screen-props'
import { isMacPlatform } from '../../shell/platform'
import { useShellCommand } from '../../shell/commands'
import { modifierLabel } from '../../shell/shortcuts'
import { ClaimsTable } from './claims-table'
import { DecodeErrorPanel, DecodeNotesList } from './decode-messages'
import { exampleTokens } from './examples'
import { jsonSerializationSpans } from './json-spans'
import { JweContentPanel, JweHeaderPanel } from './jwe-panels'
import { JwsHeaderPanel, PayloadPanel, SignaturesPanel, type SignatureStatus } from './jws-panels'
import { tokenTextFromFile } from './read-token-file'
import { SegmentLegend } from './segment-legend'
import { TokenEditor, type EditorMarks, type TokenEditorHandle } from './token-editor'
import { useAfterPaint } from '../../components/use-after-paint'
import { useNow } from '../../components/use-now'
import type { Analysis } from '#shared/token/analyse-token'
import { comparisonFromClaims, type ComparisonToken } from './verify/comparison'
import { KeyPanel } from './verify/key-panel'
import { changedFieldCount, evaluationSeconds, type Evaluation, type PolicyDraft } from './verify/policy-draft'
import { PolicyPanel } from './verify/policy-panel'
import { RevocationPanel } from './verify/revocation-panel'
import type { RevocationPanelState } from './verify/use-revocation'
import { TimelinePanel } from './verify/timeline-panel'
import { useManagedKeys } from './verify/use-managed-keys'
import { useSavedPolicies } from './verify/use-saved-policies'
import { settledFor, useVerification, type KeyPanelState, type Verification } from './verify/use-verification'
import { LockedJwePanel } from './verify/locked-jwe'
import {
  ChecksPanel,
  DecryptedContentPanel,
  FindingsPanel,
  LayersPanel,
  VerdictBanner,
} from './verify/verification-results'
import { InspectorDispatchContext, useInspectorDispatch } from './inspector-dispatch'
import { initialInspectorState, inspectorReducer, type InputTab } from './inspector-state'
import { ResignPanel } from './resign/resign-panel'
import classes from './inspector.module.css'

type Decoded = { status: 'empty' } | { status: 'ok'; token: DecodedToken } | { status: 'error'; error: SerializedError }

function decode(input: string): Decoded {
  if (input.trim().length === 0) return { status: 'empty' }
  try {
    return { status: 'ok', token: decodeToken(input, { allowDuplicateMembers: true }) }
  } catch (error) {
    if (error instanceof SignetError) return { status: 'error', error: error.toJSON() }
    return {
      status: 'error',
      error: {
        code: 'ERR_INTERNAL',
        message: 'The decoder failed unexpectedly on this input. Report it with the token (or a redacted copy).',
      },
    }
  }
}

/**
 * Inspect: paste or drop a token and see, as you type, what it claims; give a key and a policy and
 * see whether it holds, check by check, at any instant on its timeline. Decoding, verification with
 * a pasted key, linting and the weak-secret search all run here in the renderer; only managed keys
 * and saved policies go through the main process.
 */
export function InspectorScreen({ active }: ScreenProps) {
  const [state, dispatch] = useReducer(inspectorReducer, initialInspectorState)
  const { input, inputRevision, source, fileError, keys, lists, draft, draftErrors, policy, evaluation, pinned, tab } =
    state
  const editor = useRef<TokenEditorHandle>(null)
  // A keystroke paints the editor first (CodeMirror draws its own text): typed text reaches `input`
  // after that paint, in a transition (typeInput below), and the decode with all that follows from
  // it (the editor's colours, verification, lint, the panels) catches up then; text replaced from
  // outside (a file, an example) is decoded in a deferred render. One decode per change; until it
  // lands, the editor's colours are the previous ones mapped through the edit (token-highlighting.ts).
  const analysedInput = useDeferredValue(input)
  const analysed = useMemo(() => decode(analysedInput), [analysedInput])
  // Whole seconds (a NumericDate, RFC 7519 §2): the re-read on each new token then changes `now`
  // only when the second turns, so the memoised panels that show times skip a keystroke's render.
  const now = Math.floor(useNow(15_000, active, analysedInput) / 1000)

  // Stable callbacks for the memoised panels: dispatch never changes.
  const setKeys = useCallback((next: KeyPanelState) => dispatch({ type: 'keys', keys: next }), [])
  const setDraft = useCallback((next: PolicyDraft) => dispatch({ type: 'draft', draft: next }), [])
  const setEvaluation = useCallback((next: Evaluation) => dispatch({ type: 'evaluation', evaluation: next }), [])
  const setTab = useCallback((next: string | null) => next && dispatch({ type: 'tab', tab: next as InputTab }), [])
  const setLists = useCallback((next: RevocationPanelState) => dispatch({ type: 'lists', lists: next }), [])
  const at = evaluationSeconds(evaluation, now)

  const managed = useManagedKeys(keys.source === 'managed')
  const saved = useSavedPolicies()
  const token = analysed.status === 'ok' ? analysed.token : null
  const verification = useVerification(token, keys, policy, at, managed, lists)

  const marks = useMemo((): EditorMarks => {
    const error =
      analysed.status === 'error' && analysed.error.location?.offset !== undefined
        ? { offset: analysed.error.location.offset, length: analysed.error.location.length ?? 1 }
        : null
    if (analysed.status !== 'ok') return { text: analysedInput, spans: [], compact: false, error }
    const compact = analysed.token.spans.length > 0
    const spans = compact ? analysed.token.spans : jsonSerializationSpans(analysedInput)
    return { text: analysedInput, spans, compact, error }
  }, [analysed, analysedInput])

  const replaceInput = useCallback((text: string, from: string | null) => dispatch({ type: 'input', text, from }), [])
  // Typed text reaches the state after the keystroke's paint: CodeMirror draws the key itself.
  const typeInput = useAfterPaint(
    useCallback((text: string, revision: number) => dispatch({ type: 'typed', text, revision }), []),
  )

  // Sign's "Open in Inspect": the shell switches here; this takes the token, and verifies it with
  // the managed key that signed it (named by set and kid; the key material stays in main).
  useShellCommand('inspect-token', ({ token: text, source: from, signedWith }) =>
    dispatch(signedWith ? { type: 'input-signed', text, key: signedWith } : { type: 'input', text, from }),
  )

  const openFile = useCallback(
    async (file: File | null) => {
      if (!file) return
      try {
        replaceInput(tokenTextFromFile(file.name, new Uint8Array(await file.arrayBuffer())), file.name)
      } catch (error) {
        dispatch({
          type: 'file-error',
          error:
            error instanceof SignetError
              ? error.toJSON()
              : {
                  code: 'ERR_FILE_UNREADABLE',
                  message: `${file.name} could not be read. Check that it still exists and is readable.`,
                },
        })
      }
    },
    [replaceInput],
  )

  // The header and the editor do not depend on the evaluation time: kept as the same elements, so
  // dragging the timeline cursor does not re-render them (nor CodeMirror).
  const empty = input.length === 0
  const header = useMemo(
    () => (
      <ScreenHeader
        title="Inspect"
        description="Decode, verify and lint a JWT, JWS or JWE — compact or JSON. Everything happens on this machine; nothing is sent anywhere."
        actions={
          <>
            <Menu position="bottom-end" width={340} withinPortal>
              <Menu.Target>
                <Button
                  size="xs"
                  variant="default"
                  rightSection={<IconChevronDown size={14} />}
                  data-testid="examples-menu"
                >
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
            <FileButton
              onChange={(file) => void openFile(file)}
              accept=".jwt,.jws,.jwe,.txt,.json,text/plain,application/json,application/jwt"
            >
              {(props) => (
                <Button size="xs" variant="default" leftSection={<IconFileImport size={14} />} {...props}>
                  Open file…
                </Button>
              )}
            </FileButton>
            <Tooltip label="Clear the editor">
              <Button
                size="xs"
                variant="subtle"
                color="gray"
                leftSection={<IconEraser size={14} />}
                onClick={() => replaceInput('', null)}
                disabled={empty}
              >
                Clear
              </Button>
            </Tooltip>
          </>
        }
      />
    ),
    [empty, replaceInput, openFile],
  )
  const editorPane = useMemo(
    () => (
      <>
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
          {analysed.status === 'error' && (
            <Badge variant="light" color="red" size="sm" tt="none" data-testid="form-badge">
              Does not decode
            </Badge>
          )}
        </div>
        <div className={classes.editorFrame} data-state={analysed.status}>
          {input.length === 0 && <EditorHint />}
          <TokenEditor
            ref={editor}
            value={input}
            revision={inputRevision}
            onChange={typeInput}
            marks={marks}
            onFileDrop={(file) => void openFile(file)}
          />
        </div>
        {token && <SegmentLegend token={token} spans={marks.spans} />}
        {token &&
          token.notes.normalized.length +
            token.notes.nonCanonicalSegments.length +
            token.notes.duplicateMembers.length >
            0 && (
            <div className={classes.messages}>
              <DecodeNotesList notes={token.notes} />
            </div>
          )}
      </>
    ),
    [source, token, analysed.status, input, inputRevision, marks, typeInput, openFile],
  )

  const fittingAlgorithms = useMemo(
    () =>
      (verification.source?.keys ?? [])
        .flatMap((key) => jwsAlgorithmsForKey(key))
        .filter((alg, i, all) => all.indexOf(alg) === i),
    [verification.source],
  )
  const policyCount = changedFieldCount(draft)
  const problems = useMemo(
    () => (
      <>
        {fileError && <DecodeErrorPanel error={fileError} />}
        {analysed.status === 'error' && (
          <DecodeErrorPanel
            error={analysed.error}
            onReveal={
              analysed.error.location?.offset !== undefined
                ? () => editor.current?.reveal(analysed.error.location!.offset!, analysed.error.location!.length ?? 1)
                : undefined
            }
          />
        )}
      </>
    ),
    [fileError, analysed],
  )

  const live = evaluation.mode === 'now'
  const inspection = useMemo(
    (): Inspection => ({ now, at, live, policy, keys, verification, pinned }),
    [now, at, live, policy, keys, verification, pinned],
  )

  return (
    <InspectorDispatchContext.Provider value={dispatch}>
      <ScreenLayout
        container="inspector"
        header={header}
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
        <div className={classes.body}>
          <section className={classes.editorColumn} aria-label="Token input">
            {editorPane}
            <Tabs value={tab} onChange={setTab} className={classes.inputs} keepMounted={false} variant="default">
              <Tabs.List className={classes.inputTabs}>
                <Tabs.Tab value="key" leftSection={<IconKey size={13} />} data-testid="tab-key">
                  {token?.type === 'jwe' ? 'Keys' : 'Key'}
                  <KeyTabNote verification={verification} state={keys} />
                </Tabs.Tab>
                <Tabs.Tab value="policy" leftSection={<IconListCheck size={13} />} data-testid="tab-policy">
                  Policy
                  {(policyCount > 0 || evaluation.mode === 'fixed') && (
                    <Badge size="xs" variant="light" ml={6} tt="none">
                      {[
                        policyCount > 0 ? `${policyCount} set` : null,
                        evaluation.mode === 'fixed' ? 'fixed time' : null,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </Badge>
                  )}
                </Tabs.Tab>
                <Tabs.Tab value="sign" leftSection={<IconSignature size={13} />} data-testid="tab-sign">
                  Edit &amp; sign
                </Tabs.Tab>
                <Tabs.Tab value="revocation" leftSection={<IconListDetails size={13} />} data-testid="tab-revocation">
                  Revocation
                  <RevocationTabNote lists={lists} />
                </Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="key" className={classes.inputPanel}>
                <KeyPanel
                  state={keys}
                  onChange={setKeys}
                  token={token}
                  verification={verification.readings}
                  managed={managed}
                />
              </Tabs.Panel>
              <Tabs.Panel value="policy" className={classes.inputPanel}>
                <PolicyPanel
                  draft={draft}
                  onDraft={setDraft}
                  errors={draftErrors}
                  policy={policy}
                  evaluation={evaluation}
                  onEvaluation={setEvaluation}
                  now={evaluation.mode === 'fixed' ? now : null}
                  saved={saved}
                  fittingAlgorithms={fittingAlgorithms}
                />
              </Tabs.Panel>
              <Tabs.Panel value="sign" className={classes.inputPanel}>
                <ResignPanel token={token} />
              </Tabs.Panel>
              <Tabs.Panel value="revocation" className={classes.inputPanel}>
                <RevocationPanel state={lists} onChange={setLists} readings={verification.revocation} />
              </Tabs.Panel>
            </Tabs>
          </section>
          <section className={classes.resultColumn} aria-label="Decoded token" data-testid="results">
            {token ? (
              <Results token={token} inspection={inspection} problems={problems} />
            ) : (
              <div className={classes.resultScroll}>
                <div className={classes.stack}>
                  {problems}
                  {analysed.status === 'empty' && <EmptyResults onExample={(t, s) => replaceInput(t, s)} />}
                </div>
              </div>
            )}
          </section>
        </div>
      </ScreenLayout>
    </InspectorDispatchContext.Provider>
  )
}

function KeyTabNote({ verification, state }: { verification: Verification; state: KeyPanelState }) {
  let note: string | null = null
  if (state.source === 'x5c') note = 'x5c'
  else if (state.source === 'managed') note = 'managed'
  else if (verification.verifyReading.status === 'done') {
    const reading = verification.verifyReading.value
    if (reading.kind === 'keys')
      note =
        reading.parsed.format === 'jwks' ? `JWKS · ${reading.parsed.keys.length}` : reading.parsed.format.toUpperCase()
    else if (reading.kind === 'secret') note = 'secret'
    else if (reading.kind === 'error') note = 'invalid'
  }
  if (!note) return null
  return (
    <Badge size="xs" variant="light" ml={6} tt="none" color={note === 'invalid' ? 'red' : undefined}>
      {note}
    </Badge>
  )
}

function RevocationTabNote({ lists }: { lists: RevocationPanelState }) {
  const given = [
    (lists.statusFrom === 'managed' ? lists.managedList : lists.statusText.trim()) ? 'status list' : null,
    lists.revocationText.trim() ? 'revocation list' : null,
  ].filter(Boolean)
  if (given.length === 0) return null
  return (
    <Badge size="xs" variant="light" ml={6} tt="none">
      {given.length === 2 ? '2 lists' : given[0]}
    </Badge>
  )
}

/** What the results show besides the token: derived from Inspect's state, one object per change. */
interface Inspection {
  /** the present and the evaluation instant, seconds */
  now: number
  at: number
  /** the evaluation follows the present */
  live: boolean
  policy: Policy
  keys: KeyPanelState
  verification: Verification
  pinned: ComparisonToken[]
}

interface ResultsProps {
  token: DecodedToken
  inspection: Inspection
  /** decode or file errors, shown first in the scrolling part */
  problems: ReactNode
}

/**
 * The verdict above, outside the scrolling part (so it never covers anything); below it, what the
 * token says first (headers, claims, signature), then the checks, findings and timeline, each one
 * click away from the verdict's jump links.
 */
const Results = memo(function Results({ token, inspection, problems }: ResultsProps) {
  const { now, at, live, policy, keys, verification, pinned } = inspection
  const dispatch = useInspectorDispatch()
  const analysisState = verification.analysis
  const settled = settledFor(analysisState, token)
  const analysis = settled?.ok ? settled.analysis : null
  const traced = verification.traced
  const view = traced?.view ?? null
  const current = useMemo(() => {
    const claims =
      view?.claims ?? (token.type === 'jws' && token.payload.kind === 'claims' ? token.payload.claims : null)
    const header = view?.header ?? (token.type === 'jws' ? token.signatures[0]!.joseHeader : token.joseHeader)
    return claims ? comparisonFromClaims(header, claims) : null
  }, [view, token])
  const listEvidence = verification.revocation.evidence
  const listLanes = useMemo(() => {
    const lanes = []
    for (const [id, what, evidence] of [
      ['status-list', 'status list', listEvidence.statusList],
      ['revocation-list', 'revocation list', listEvidence.revocationList],
    ] as const) {
      const claims = evidence?.claims
      if (!claims) continue
      const sub = typeof claims.sub === 'string' ? ` · ${claims.sub}` : ''
      lanes.push({ id, label: `${what}${sub}`, claims: { iat: claims.iat, exp: claims.exp, ttl: claims.ttl } })
    }
    return lanes
  }, [listEvidence])
  const noKey =
    verification.source === null &&
    !(token.type === 'jwe' && (keys.decryptWith === 'password' ? keys.password : keys.decrypt.text))
  const backToNow = useCallback(() => dispatch({ type: 'evaluation', evaluation: { mode: 'now' } }), [dispatch])
  const moveCursor = useCallback(
    (time: number) => dispatch({ type: 'evaluation', evaluation: { mode: 'fixed', at: time } }),
    [dispatch],
  )
  const pinCurrent = useCallback(() => {
    if (current) dispatch({ type: 'pin', token: { ...current, id: `pin-${pinned.length}-${current.fingerprint}` } })
  }, [current, pinned.length, dispatch])
  const addPinned = useCallback((added: ComparisonToken) => dispatch({ type: 'pin', token: added }), [dispatch])
  const removePinned = useCallback((id: string) => dispatch({ type: 'unpin', id }), [dispatch])
  const verifyWithSecret = useCallback(
    (secret: string, variant: 'plain' | 'base64-decoded') => dispatch({ type: 'use-secret', secret, variant }),
    [dispatch],
  )
  const checksRef = useRef<HTMLDivElement>(null)
  const findingsRef = useRef<HTMLDivElement>(null)
  const timelineRef = useRef<HTMLDivElement>(null)
  const jump = (target: React.RefObject<HTMLDivElement | null>) =>
    target.current?.firstElementChild?.scrollIntoView({ block: 'start', behavior: 'smooth' })
  // An outer JWE no key or password was given for: say what opens it rather than list zero checks.
  const outer = analysis?.layers[0]
  const locked =
    outer?.kind === 'jwe' && !outer.decryption ? (outer.decoded.type === 'jwe' ? outer.decoded.joseHeader : {}) : null
  const openKeyTab = useCallback(() => dispatch({ type: 'tab', tab: 'key' }), [dispatch])
  const findingCount = verification.findings.reduce((sum, layer) => sum + layer.findings.length, 0)

  return (
    <>
      <div className={classes.verdictBar}>
        <VerdictBanner
          traced={traced}
          pending={analysisState.status === 'pending'}
          error={settled && !settled.ok ? settled.error : null}
          noKey={noKey}
          encrypted={token.type === 'jwe'}
          at={at}
          now={now}
          live={live}
          skew={policy.clockSkew}
          onBackToNow={backToNow}
          links={
            <span className={classes.jumps} aria-label="Jump to">
              {traced && analysis && (
                <button type="button" onClick={() => jump(checksRef)} data-testid="jump-checks">
                  Checks
                </button>
              )}
              <button type="button" onClick={() => jump(findingsRef)} data-testid="jump-findings">
                {findingCount === 0 ? 'No findings' : `${findingCount} ${findingCount === 1 ? 'finding' : 'findings'}`}
              </button>
              <button type="button" onClick={() => jump(timelineRef)} data-testid="jump-timeline">
                Timeline
              </button>
            </span>
          }
        />
      </div>
      <div className={classes.resultScroll} data-testid="result-scroll">
        <div className={classes.stack}>
          {problems}
          {analysis && token.type === 'jwe' && <LayersPanel analysis={analysis} />}
          <DecodedParts token={token} now={now} analysis={analysis} />
          <div ref={checksRef} className={classes.anchor}>
            {traced &&
              analysis &&
              (locked ? (
                <LockedJwePanel header={locked} onOpenKeyTab={openKeyTab} />
              ) : (
                <ChecksPanel traced={traced} analysis={analysis} />
              ))}
          </div>
          <div ref={findingsRef} className={classes.anchor}>
            <FindingsPanel
              findings={verification.findings}
              weakSecret={verification.weakSecret}
              layerCount={analysis?.layers.length ?? 1}
              onUseSecret={verifyWithSecret}
            />
          </div>
          <div ref={timelineRef} className={classes.anchor}>
            <TimelinePanel
              current={current}
              pinned={pinned}
              onPin={pinCurrent}
              onAdd={addPinned}
              onRemove={removePinned}
              now={now}
              at={at}
              live={live}
              skew={policy.clockSkew}
              onCursorChange={moveCursor}
              onBackToNow={backToNow}
              lists={listLanes}
            />
          </div>
        </div>
      </div>
    </>
  )
})

/**
 * The decoded parts of every layer. Memoised: they depend on the token and the clock, not on the
 * evaluation time, so dragging the timeline cursor does not re-render them.
 */
const DecodedParts = memo(function DecodedParts({
  token,
  now,
  analysis,
}: {
  token: DecodedToken
  now: number
  analysis: Analysis | null
}) {
  const layers = analysis?.layers ?? []
  const end = analysis?.end
  return (
    <>
      {layers.length > 1 && <div className={classes.layerHeading}>Layer 1 · as received</div>}
      <DecodedLayer token={token} now={now} analysis={analysis} index={0} />
      {layers.slice(1).map((layer, i) => (
        <div key={i} className={classes.innerLayer} data-testid={`decoded-layer-${i + 1}`}>
          <div className={classes.layerHeading}>
            Layer {i + 2} · inside layer {i + 1} ({layer.kind === 'jws' ? 'signed' : 'encrypted'})
          </div>
          <DecodedLayer token={layer.decoded} now={now} analysis={analysis} index={i + 1} />
        </div>
      ))}
      {end?.kind === 'plaintext' && (
        <DecryptedContentPanel text={end.text}>
          {end.view.claims ? (
            <ClaimsTable members={end.view.claims} kind="claim" now={now} data-testid="decrypted-claims" />
          ) : undefined}
        </DecryptedContentPanel>
      )}
    </>
  )
})

function DecodedLayer({
  token,
  now,
  analysis,
  index,
}: {
  token: DecodedToken
  now: number
  analysis: Analysis | null
  index: number
}) {
  const layer = analysis?.layers[index]
  if (token.type === 'jwe') {
    const decryption = layer?.kind === 'jwe' ? layer.decryption : null
    return (
      <>
        <JweHeaderPanel token={token} protectedRaw={jweProtectedRaw(token)} now={now} />
        <JweContentPanel
          token={token}
          decryptedWith={decryption?.status === 'decrypted' ? (decryption.key?.label ?? 'the password') : null}
        />
      </>
    )
  }
  const signature = layer?.kind === 'jws' ? layer.signature : null
  const status: SignatureStatus | null =
    signature && signature.selection
      ? {
          signatureIndex: signature.signatureIndex,
          verified: signature.verifiedBy !== null,
          message: signature.signature.message,
        }
      : null
  return (
    <>
      {token.signatures.map((sig, i) => (
        <JwsHeaderPanel key={i} signature={sig} index={i} count={token.signatures.length} now={now} />
      ))}
      <PayloadPanel payload={token.payload} unencoded={token.unencodedPayload} now={now} />
      <SignaturesPanel token={token} status={status} />
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
        Its header and claims, explained in plain words; every time as UTC and relative to now; the signature’s
        algorithm and size; for an encrypted token, its header and the size of each part. Or start from a published
        example:
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
