import {
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  PasswordInput,
  SegmentedControl,
  Select,
  Text,
  Textarea,
} from '@mantine/core'
import { IconAlertCircle, IconCertificate, IconKey, IconLock, IconRefresh } from '@tabler/icons-react'
import { memo, useCallback } from 'react'
import type { SerializedError } from '#shared/errors'
import type { ChainReport } from '#shared/key-material/certificate'
import type { KeyDescription } from '#shared/key-material/types'
import type { DecodedToken } from '#shared/token/decode'
import type { AttemptOutcome } from '#shared/token/verify/verify-signature'
import type { AnalysisLayer } from '#shared/token/analyse-token'
import { keyTextFromFile, secretEncodingChoices, type KeyText, type SecretEncodingChoice } from './key-input'
import { managedKeyLabel, stateProblem } from '#shared/managed-keys/managed-key-source'
import type { ManagedKeysState } from './use-managed-keys'
import { settledFor, type KeyPanelState, type KeyReadings } from './use-verification'
import { ErrorLine as FieldErrorLine, FileTextField } from './file-text-field'
import classes from './verify.module.css'
import { plural } from '#shared/text/plural'
import { formatBytes } from '#shared/text/format-bytes'

/**
 * The key panel: where the key to verify with comes from (pasted or opened text, the token's own
 * x5c chain, or Signet's managed keys), and for an encrypted token how to decrypt it. After a run
 * it names, per key, what happened: the one that verified, the ones that did not match.
 */

export interface KeyPanelProps {
  state: KeyPanelState
  onChange: (next: KeyPanelState) => void
  token: DecodedToken | null
  verification: KeyReadings
  managed: ManagedKeysState
}

/** Memoised: the timeline cursor re-renders the screen many times a second, and nothing here depends on it. */
export const KeyPanel = memo(function KeyPanel({ state, onChange, token, verification, managed }: KeyPanelProps) {
  const update = (patch: Partial<KeyPanelState>) => onChange({ ...state, ...patch })
  // Stable while the key state is: the key fields then skip the renders a new token causes.
  const setVerify = useCallback((verify: KeyText) => onChange({ ...state, verify }), [state, onChange])
  const setDecrypt = useCallback((decrypt: KeyText) => onChange({ ...state, decrypt }), [state, onChange])
  const settled = settledFor(verification.analysis, token)
  const layers = settled?.ok ? settled.analysis.layers : []
  const jweLayer = layers.find(
    (layer): layer is Extract<AnalysisLayer, { kind: 'jwe' }> => layer.kind === 'jwe' && layer.decryption !== null,
  )
  const jwsLayer = layers.find((layer): layer is Extract<AnalysisLayer, { kind: 'jws' }> => layer.kind === 'jws')
  const outcomes = new Map<string, AttemptOutcome>(
    (jwsLayer?.signature.attempts ?? []).map((a) => [a.key.label, a.outcome]),
  )
  const encrypted = token?.type === 'jwe'

  return (
    <div className={classes.keyPanel} data-testid="key-panel">
      {encrypted && (
        <section className={classes.keySection} aria-labelledby="decrypt-heading" data-testid="decrypt-section">
          <div className={classes.sectionHead}>
            <IconLock size={14} stroke={1.8} aria-hidden />
            <Text id="decrypt-heading" fz="sm" fw={600}>
              Decrypt with
            </Text>
            <SegmentedControl
              size="xs"
              ml="auto"
              value={state.decryptWith}
              onChange={(value) => update({ decryptWith: value as KeyPanelState['decryptWith'] })}
              data={[
                { value: 'key', label: 'Key or secret' },
                { value: 'password', label: 'Password' },
              ]}
              aria-label="Decrypt with a key or a password"
            />
          </div>
          {state.decryptWith === 'key' ? (
            <KeyTextField
              label="Decryption key"
              placeholder={
                'The recipient’s private key (JWK, JWKS or PEM), or the shared secret for dir / AES key wrap'
              }
              value={state.decrypt}
              onChange={setDecrypt}
              testId="decrypt-key"
            />
          ) : (
            <PasswordInput
              size="xs"
              label="Password (PBES2)"
              value={state.password}
              onChange={(event) => update({ password: event.currentTarget.value })}
              autoComplete="off"
              data-testid="decrypt-password"
            />
          )}
          {state.decryptWith === 'key' && (
            <DecryptReading
              verification={verification}
              encoding={state.decrypt.encoding}
              onEncoding={(encoding) => update({ decrypt: { ...state.decrypt, encoding } })}
            />
          )}
          <Checkbox
            size="xs"
            checked={state.allowRsa1_5}
            onChange={(event) => update({ allowRsa1_5: event.currentTarget.checked })}
            label="Allow RSA1_5"
            description="Only to open an old token: RSA1_5 invites padding-oracle attacks, and is flagged whenever it is used."
            data-testid="allow-rsa1_5"
          />
          {jweLayer?.decryption && (
            <div className={classes.outcome} data-status={jweLayer.decryption.status} data-testid="decrypt-outcome">
              {jweLayer.decryption.status === 'decrypted' ? (
                <IconKey size={13} aria-hidden />
              ) : (
                <IconAlertCircle size={13} aria-hidden />
              )}
              <span>{jweLayer.decryption.reason}</span>
            </div>
          )}
        </section>
      )}

      <section className={classes.keySection} aria-labelledby="verify-heading" data-testid="verify-section">
        <div className={classes.sectionHead}>
          <IconKey size={14} stroke={1.8} aria-hidden />
          <Text id="verify-heading" fz="sm" fw={600}>
            {encrypted ? 'Verify the signed token inside with' : 'Verify with'}
          </Text>
        </div>
        <SegmentedControl
          size="xs"
          fullWidth
          value={state.source}
          onChange={(value) => update({ source: value as KeyPanelState['source'] })}
          data={[
            { value: 'text', label: 'Key or secret' },
            { value: 'x5c', label: 'Token’s x5c chain' },
            { value: 'managed', label: 'Managed keys' },
          ]}
          aria-label="Where the verification key comes from"
          data-testid="key-source"
        />
        {state.source === 'text' && (
          <>
            <KeyTextField
              label="Public key, JWK Set, certificate or HMAC secret"
              placeholder={
                'Paste a JWK, a JWKS ({"keys": [...]}), PEM (public key, certificate, or a private key — only its public half is used), or the HMAC secret'
              }
              value={state.verify}
              onChange={setVerify}
              testId="verify-key"
            />
            <VerifyReading
              verification={verification}
              outcomes={outcomes}
              encoding={state.verify.encoding}
              onEncoding={(encoding) => update({ verify: { ...state.verify, encoding } })}
            />
          </>
        )}
        {state.source === 'x5c' && (
          <X5cSource
            state={state}
            update={update}
            token={token}
            verification={verification}
            chain={jwsLayer?.signature.selection?.chain ?? null}
          />
        )}
        {state.source === 'managed' && <ManagedSource managed={managed} outcomes={outcomes} />}
        {state.source === 'text' && jwsLayer?.signature.selection?.chain && (
          <ChainReportView chain={jwsLayer.signature.selection.chain} />
        )}
      </section>
    </div>
  )
})

const keyRows = { min: 3, max: 9 }

const KeyTextField = memo(function KeyTextField({
  label,
  placeholder,
  value,
  onChange,
  testId,
}: {
  label: string
  placeholder: string
  value: KeyText
  onChange: (next: KeyText) => void
  testId: string
}) {
  const change = useCallback(
    (text: string, fileName: string | null) => onChange({ text, fileName, encoding: value.encoding }),
    [onChange, value.encoding],
  )
  const clear = useCallback(() => onChange({ text: '', fileName: null, encoding: 'auto' }), [onChange])
  return (
    <FileTextField
      label={label}
      placeholder={placeholder}
      text={value.text}
      fileName={value.fileName}
      onChange={change}
      onClear={clear}
      readFile={keyTextFromFile}
      accept=".pem,.crt,.cer,.key,.pub,.json,.jwk,.jwks,.txt,text/plain,application/json"
      openLabel="Open key file…"
      rows={keyRows}
      errorTestId="key-error"
      testId={testId}
    />
  )
})

function VerifyReading({
  verification,
  outcomes,
  encoding,
  onEncoding,
}: {
  verification: KeyReadings
  outcomes: Map<string, AttemptOutcome>
  encoding: SecretEncodingChoice
  onEncoding: (e: SecretEncodingChoice) => void
}) {
  const reading = verification.verifyReading
  if (reading.status !== 'done') return reading.status === 'pending' ? <Pending /> : null
  const value = reading.value
  switch (value.kind) {
    case 'empty':
      return (
        <Text fz="xs" c="dimmed" className={classes.readingHint}>
          No key yet: the token is decoded but not verified. With no <code>kid</code> in the token, every key of a JWKS
          that fits its algorithm is tried, and the one that verified is named.
        </Text>
      )
    case 'error':
      return <ErrorLine error={value.error} />
    case 'secret':
      return (
        <SecretReadingView
          explanation={value.secret.explanation}
          bytes={value.secret.bytes.length}
          encoding={encoding}
          onEncoding={onEncoding}
          keys={value.source.keys}
          outcomes={outcomes}
        />
      )
    case 'keys':
      return (
        <div className={classes.reading} data-testid="key-reading">
          <Text fz="xs" fw={600}>
            {value.parsed.format === 'jwks'
              ? `JWK Set · ${value.parsed.keys.length} key${value.parsed.keys.length === 1 ? '' : 's'}`
              : value.parsed.format === 'pem'
                ? 'PEM'
                : 'JWK'}
            {value.parsed.keys.some((k) => k.description.fromPrivateKey) && (
              <Text span fz="xs" c="dimmed" fw={400}>
                {' '}
                · a private key: only its public half is used
              </Text>
            )}
          </Text>
          <KeyList keys={value.source.keys} outcomes={outcomes} />
          {value.parsed.notes.map((note) => (
            <Text key={note} fz={11} c="dimmed">
              {note}
            </Text>
          ))}
        </div>
      )
  }
}

function SecretReadingView({
  explanation,
  bytes,
  encoding,
  onEncoding,
  keys,
  outcomes,
}: {
  explanation: string
  bytes: number
  encoding: SecretEncodingChoice
  onEncoding: (e: SecretEncodingChoice) => void
  keys: readonly KeyDescription[]
  outcomes: Map<string, AttemptOutcome>
}) {
  return (
    <div className={classes.reading} data-testid="key-reading">
      <Group gap={8} wrap="nowrap" align="flex-end">
        <Text fz="xs" fw={600} style={{ flex: 1 }}>
          HMAC secret · {formatBytes(bytes)}
        </Text>
        <Select
          size="xs"
          w={150}
          label="Read as"
          data={secretEncodingChoices}
          value={encoding}
          onChange={(value) => value && onEncoding(value as SecretEncodingChoice)}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          data-testid="secret-encoding"
        />
      </Group>
      <Text fz="xs" c="dimmed" data-testid="secret-explanation">
        {explanation}
      </Text>
      {keys.length > 1 && <KeyList keys={keys} outcomes={outcomes} />}
    </div>
  )
}

const outcomeBadges: Record<AttemptOutcome, { label: string; color: string }> = {
  verified: { label: 'Verified', color: 'teal' },
  mismatch: { label: 'No match', color: 'red' },
  error: { label: 'Unusable', color: 'orange' },
  malformed: { label: 'Malformed', color: 'red' },
  'not-attempted': { label: 'Not allowed', color: 'orange' },
}

function KeyList({ keys, outcomes }: { keys: readonly KeyDescription[]; outcomes: Map<string, AttemptOutcome> }) {
  return (
    <ul className={classes.keyList} data-testid="key-list">
      {keys.map((key, i) => {
        const outcome = outcomes.get(key.label)
        return (
          <li key={`${key.label}-${i}`} data-outcome={outcome ?? 'not-tried'}>
            <span className={classes.keyLabel}>{key.label}</span>
            {key.thumbprint && (
              <span className={classes.thumbprint} title={`RFC 7638 SHA-256 thumbprint: ${key.thumbprint}`}>
                {key.thumbprint.slice(0, 12)}…
              </span>
            )}
            {outcome ? (
              <Badge size="xs" variant="light" color={outcomeBadges[outcome].color} tt="none">
                {outcomeBadges[outcome].label}
              </Badge>
            ) : (
              outcomes.size > 0 && (
                <Badge size="xs" variant="default" tt="none">
                  Not tried
                </Badge>
              )
            )}
          </li>
        )
      })}
    </ul>
  )
}

function DecryptReading({
  verification,
  encoding,
  onEncoding,
}: {
  verification: KeyReadings
  encoding: SecretEncodingChoice
  onEncoding: (e: SecretEncodingChoice) => void
}) {
  const reading = verification.decryptReading
  if (reading.status !== 'done') return reading.status === 'pending' ? <Pending /> : null
  const value = reading.value
  if (value.kind === 'empty') return null
  if (value.kind === 'error') return <ErrorLine error={value.error} />
  if (value.format === 'secret') {
    return (
      <SecretReadingView
        explanation={value.explanation ?? ''}
        bytes={(value.keys[0]?.description.bits ?? 0) / 8}
        encoding={encoding}
        onEncoding={onEncoding}
        keys={[]}
        outcomes={new Map()}
      />
    )
  }
  return (
    <div className={classes.reading} data-testid="decrypt-reading">
      <Text fz="xs" fw={600}>
        {value.keys.length === 1 ? value.keys[0]!.description.label : `${value.keys.length} keys`}
      </Text>
      {value.keys.some((k) => k.description.kty !== 'oct' && !k.description.fromPrivateKey) && (
        <Text fz="xs" c="var(--signet-warning)">
          This is a public key. Decrypting needs the recipient’s private key.
        </Text>
      )}
    </div>
  )
}

function X5cSource({
  state,
  update,
  token,
  verification,
  chain,
}: {
  state: KeyPanelState
  update: (patch: Partial<KeyPanelState>) => void
  token: DecodedToken | null
  verification: KeyReadings
  chain: (ChainReport & { anchoredBy: string | null }) | null
}) {
  const header = token?.type === 'jws' ? token.signatures[0]?.joseHeader : undefined
  const count = Array.isArray(header?.x5c) ? header.x5c.length : 0
  const anchors = verification.anchorReading.status === 'done' ? verification.anchorReading.value : null
  return (
    <div className={classes.keyField}>
      <Text fz="xs" c={count ? undefined : 'var(--signet-warning)'} data-testid="x5c-summary">
        {token === null
          ? 'The key will be taken from the certificate chain the token carries in its "x5c" header.'
          : count
            ? `The token carries ${count} certificate${count === 1 ? '' : 's'} in "x5c"; the first one's key is used. Whoever made the token chose that chain: it proves who signed only if it leads to a certificate you trust.`
            : 'This token carries no "x5c" certificate chain.'}
      </Text>
      <Textarea
        size="xs"
        label="Trust anchor (your CA certificate, PEM)"
        description="Optional. Without it the chain is checked for consistency only, and the verdict stays “not verified”."
        placeholder="-----BEGIN CERTIFICATE-----"
        value={state.anchors}
        onChange={(event) => update({ anchors: event.currentTarget.value })}
        autosize
        minRows={2}
        maxRows={6}
        spellCheck={false}
        classNames={{ input: classes.keyInput }}
        data-testid="x5c-anchor"
      />
      {anchors?.kind === 'error' && <ErrorLine error={anchors.error} />}
      {anchors?.kind === 'anchors' && (
        <Text fz="xs" c="dimmed">
          Anchor: {anchors.subjects.join('; ')}
        </Text>
      )}
      {chain && <ChainReportView chain={chain} />}
    </div>
  )
}

/** What was and was not validated about an x5c chain: said in so many words, never implied. */
function ChainReportView({ chain }: { chain: ChainReport & { anchoredBy: string | null } }) {
  return (
    <div className={classes.chain} data-testid="chain-report">
      <Group gap={6}>
        <IconCertificate size={14} stroke={1.7} aria-hidden />
        <Text fz="xs" fw={600}>
          Certificate chain · {chain.links.length} certificate{chain.links.length === 1 ? '' : 's'}
        </Text>
        <Badge
          size="xs"
          variant="light"
          tt="none"
          color={!chain.consistent ? 'red' : chain.anchoredBy ? 'teal' : 'orange'}
        >
          {!chain.consistent ? 'Broken' : chain.anchoredBy ? `Anchored by ${chain.anchoredBy}` : 'Not anchored'}
        </Badge>
      </Group>
      <ol className={classes.chainLinks}>
        {chain.links.map((link) => (
          <li key={link.index} data-problems={link.problems.length > 0 || undefined}>
            <span className={classes.chainSubject}>{link.summary.subject}</span>
            <span className={classes.chainMeta}>
              issued by {link.summary.issuer} · {link.summary.notBefore.slice(0, 10)} →{' '}
              {link.summary.notAfter.slice(0, 10)} · {link.summary.publicKey}
            </span>
            {link.problems.map((problem) => (
              <span key={problem} className={classes.chainProblem}>
                {problem}
              </span>
            ))}
          </li>
        ))}
      </ol>
      <div className={classes.chainColumns}>
        <div>
          <Text fz={11} fw={600} c="var(--signet-ok)">
            Validated
          </Text>
          <ul data-testid="chain-validated">
            {chain.validated.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
        <div>
          <Text fz={11} fw={600} c="var(--signet-warning)">
            Not validated
          </Text>
          <ul data-testid="chain-not-validated">
            {chain.notValidated.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  )
}

function ManagedSource({ managed, outcomes }: { managed: ManagedKeysState; outcomes: Map<string, AttemptOutcome> }) {
  if (managed.status === 'loading' || managed.status === 'off') return <Pending label="Reading the managed keys…" />
  if (managed.status === 'error') {
    return (
      <div className={classes.keyField}>
        <ErrorLine error={managed.error} />
        <Button
          size="compact-xs"
          variant="default"
          leftSection={<IconRefresh size={12} />}
          onClick={managed.reload}
          w="fit-content"
        >
          Try again
        </Button>
      </div>
    )
  }
  const keys = managed.keys.filter((key) => key.state !== 'destroyed')
  return (
    <div className={classes.reading} data-testid="managed-keys">
      <Group gap={6} wrap="nowrap">
        <Text fz="xs" fw={600} style={{ flex: 1 }}>
          {keys.length === 0
            ? 'Signet manages no keys yet (create them on the Keys screen).'
            : `${plural(keys.length, 'managed key')} in ${plural(new Set(keys.map((k) => k.setName)).size, 'set')}`}
        </Text>
        <Button size="compact-xs" variant="subtle" leftSection={<IconRefresh size={12} />} onClick={managed.reload}>
          Reload
        </Button>
      </Group>
      <Text fz="xs" c="dimmed">
        Public keys verify here; an HMAC key’s secret stays in the OS keychain and the main process checks the
        signature. A compromised or unpublished key fails the token.
      </Text>
      {keys.length > 0 && (
        <ul className={classes.keyList}>
          {keys.map((key) => {
            const outcome = outcomes.get(managedKeyLabel(key))
            const problem = stateProblem(key)
            return (
              <li key={key.kid} data-outcome={outcome ?? 'not-tried'}>
                <span className={classes.keyLabel}>
                  {key.kid}{' '}
                  <span className={classes.thumbprint}>
                    {key.alg} · {key.setName}
                  </span>
                </span>
                <Badge
                  size="xs"
                  variant="light"
                  tt="none"
                  color={problem ? 'red' : key.state === 'active' ? 'teal' : 'gray'}
                >
                  {key.state}
                </Badge>
                {outcome && (
                  <Badge size="xs" variant="light" color={outcomeBadges[outcome].color} tt="none">
                    {outcomeBadges[outcome].label}
                  </Badge>
                )}
              </li>
            )
          })}
        </ul>
      )}
    </div>
  )
}

function ErrorLine({ error }: { error: SerializedError }) {
  return <FieldErrorLine error={error} testId="key-error" />
}

function Pending({ label = 'Reading…' }: { label?: string }) {
  return (
    <Group gap={6}>
      <Loader size={12} />
      <Text fz="xs" c="dimmed">
        {label}
      </Text>
    </Group>
  )
}
