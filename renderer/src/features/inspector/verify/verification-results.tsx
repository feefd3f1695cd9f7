import { Badge, Button, Group, Loader, Progress, Switch } from '@mantine/core'
import {
  IconAlertCircle,
  IconCircleCheck,
  IconClockExclamation,
  IconHourglassHigh,
  IconLock,
  IconLockOpen,
  IconShieldCheck,
  IconShieldQuestion,
  IconShieldX,
  IconSignature,
} from '@tabler/icons-react'
import { memo, useMemo, useState, type ReactNode } from 'react'
import type { SerializedError } from '#shared/errors'
import { formatDuration, formatRelative, numericDateToIso } from '#shared/time/relative'
import type { Check } from '#shared/token/verify/check'
import type { WeakSecretMatch } from '#shared/token/weak-secrets'
import { checkCounts, ChecksList, StatusIcon } from '../../../components/checks-list'
import { FindingsList, severitySummary } from '../../../components/findings-list'
import { Panel } from '../../../components/panel'
import type { Analysis } from '#shared/token/analyse-token'
import type { TraceAt } from '#shared/token/trace-at'
import type { LayerFindings, Verification } from './use-verification'
import { verdictHeadline, type HeadlineTone } from './verdict'
import type { WeakSecretState } from './use-weak-secret'
import classes from './verify.module.css'

/**
 * The right column's verification half: one verdict banner, the JWE layers when there are any,
 * the checks of every layer, the security findings (with the weak-secret search), in that order.
 */

const toneIcons: Record<HeadlineTone, typeof IconShieldCheck> = {
  valid: IconShieldCheck,
  invalid: IconShieldX,
  expired: IconClockExclamation,
  'too-old': IconClockExclamation,
  'not-yet-valid': IconHourglassHigh,
  unverified: IconShieldQuestion,
}

export interface VerdictBannerProps {
  traced: TraceAt | null
  pending: boolean
  error: SerializedError | null
  /** no verification key or decryption input was given */
  noKey: boolean
  encrypted: boolean
  at: number
  now: number
  live: boolean
  skew: number
  onBackToNow: () => void
  /** jump links to the checks, findings and timeline below */
  links?: ReactNode
}

export function VerdictBanner({
  traced,
  pending,
  error,
  noKey,
  encrypted,
  at,
  now,
  live,
  skew,
  onBackToNow,
  links,
}: VerdictBannerProps) {
  if (error) {
    return (
      <div
        className={classes.banner}
        data-tone="invalid"
        role="status"
        data-testid="verification-slot"
        data-verdict="error"
      >
        <IconAlertCircle size={22} className={classes.bannerIcon} aria-hidden />
        <div className={classes.bannerBody}>
          <h2 className={classes.bannerTitle}>Could not be checked</h2>
          <div className={classes.bannerReason}>
            <code>{error.code}</code> {error.message}
          </div>
        </div>
      </div>
    )
  }
  if (!traced) {
    return (
      <div
        className={classes.banner}
        data-tone="unverified"
        role="status"
        data-testid="verification-slot"
        data-verdict="pending"
      >
        <Loader size={18} className={classes.bannerIcon} />
        <div className={classes.bannerBody}>
          <h2 className={classes.bannerTitle}>Checking…</h2>
        </div>
      </div>
    )
  }
  const headline = verdictHeadline(traced.trace)
  const Icon = toneIcons[headline.tone]
  const counts = checkCounts(traced.trace.checks)
  const reason =
    traced.trace.verdict === 'unverified' && noKey
      ? encrypted
        ? 'Not decrypted, not verified. Give the decryption key or password in the Key panel to open the token, then its signing key to verify what is inside.'
        : 'Decoded, not verified. Give the issuer’s public key, JWK Set or HMAC secret in the Key panel to check the signature.'
      : traced.trace.reason
  return (
    <div
      className={classes.banner}
      data-tone={headline.tone}
      role="status"
      aria-live="polite"
      data-testid="verification-slot"
      data-verdict={traced.trace.verdict}
    >
      <Icon size={24} stroke={1.7} className={classes.bannerIcon} aria-hidden />
      <div className={classes.bannerBody}>
        <h2 className={classes.bannerTitle} data-testid="verdict-title">
          {headline.title}
        </h2>
        <div className={classes.bannerReason} data-testid="verdict-reason">
          {reason}
        </div>
        {noKey && traced.trace.verdict !== 'unverified' && (
          <div className={classes.bannerReason} data-testid="verdict-unverified-note">
            {encrypted
              ? 'Not decrypted, not verified either: give the decryption key in the Key panel.'
              : 'Decoded, not verified. Give the issuer’s key in the Key panel to check the signature too.'}
          </div>
        )}
        <div className={classes.bannerMeta}>
          <span data-testid="verdict-at">
            judged at {numericDateToIso(Math.floor(at))}
            {live ? ' (now)' : ` · ${formatRelative(at, now)}`} · skew {formatDuration(skew)}
          </span>
          <span className={classes.counts} aria-label="Check counts">
            {(['pass', 'warn', 'fail', 'skipped'] as const).map((status) =>
              counts[status] > 0 ? (
                <span key={status}>
                  <StatusIcon status={status} size={12} />
                  {counts[status]}
                </span>
              ) : null,
            )}
          </span>
          {links}
        </div>
      </div>
      <div className={classes.bannerAside}>
        {pending && <Loader size={14} aria-label="Re-checking" />}
        {!live && (
          <Button size="compact-xs" variant="default" onClick={onBackToNow} data-testid="verdict-back-to-now">
            Back to now
          </Button>
        )}
      </div>
    </div>
  )
}

/** Encrypted tokens: each layer, what it is and what happened to it. */
export const LayersPanel = memo(function LayersPanel({ analysis }: { analysis: Analysis }) {
  return (
    <Panel
      title="Layers"
      meta={`${analysis.layers.length} layer${analysis.layers.length === 1 ? '' : 's'}, outermost first`}
      data-testid="layers-panel"
    >
      <ol className={classes.layers}>
        {analysis.layers.map((layer, i) => {
          if (layer.kind === 'jwe') {
            const d = layer.decryption
            const header = layer.decoded.type === 'jwe' ? layer.decoded.joseHeader : {}
            const what = `${String(header.alg ?? '?')} + ${String(header.enc ?? '?')}`
            return (
              <li
                key={i}
                className={classes.layer}
                data-testid={`layer-${i}`}
                data-kind="jwe"
                data-status={d ? d.status : 'locked'}
              >
                <span className={classes.layerIndex}>{i + 1}</span>
                <span className={classes.layerText}>
                  <span>
                    <IconLock size={12} aria-hidden /> Encrypted · {layer.decoded.label} · {what}
                  </span>
                  <span>{d ? d.reason : 'Not decrypted: no key or password given.'}</span>
                </span>
                <Group gap={4} wrap="nowrap">
                  {d?.flags.includes('rsa1_5') && (
                    <Badge size="sm" color="orange" variant="filled" tt="none" data-testid="rsa1_5-flag">
                      RSA1_5
                    </Badge>
                  )}
                  <Badge
                    size="sm"
                    variant="light"
                    tt="none"
                    color={d?.status === 'decrypted' ? 'teal' : d ? 'red' : 'gray'}
                    leftSection={d?.status === 'decrypted' ? <IconLockOpen size={11} /> : undefined}
                  >
                    {d?.status === 'decrypted' ? 'Decrypted' : d ? 'Not decrypted' : 'Locked'}
                  </Badge>
                </Group>
              </li>
            )
          }
          const sig = layer.signature
          return (
            <li
              key={i}
              className={classes.layer}
              data-testid={`layer-${i}`}
              data-kind="jws"
              data-status={sig.verifiedBy ? 'verified' : 'unverified'}
            >
              <span className={classes.layerIndex}>{i + 1}</span>
              <span className={classes.layerText}>
                <span>
                  <IconSignature size={12} aria-hidden /> Signed · {layer.decoded.label} · {sig.alg ?? 'no alg'}
                </span>
                <span>{sig.signature.message}</span>
              </span>
              <Badge
                size="sm"
                variant="light"
                tt="none"
                color={sig.verifiedBy ? 'teal' : sig.signature.status === 'fail' ? 'red' : 'gray'}
              >
                {sig.verifiedBy ? 'Verified' : sig.signature.status === 'fail' ? 'Not verified' : 'No key'}
              </Badge>
            </li>
          )
        })}
      </ol>
    </Panel>
  )
})

export function ChecksPanel({ traced, analysis }: { traced: TraceAt; analysis: Analysis }) {
  const [showSkipped, setShowSkipped] = useState(false)
  const counts = checkCounts(traced.trace.checks)
  const meta = [
    `${counts.pass} passed`,
    counts.warn ? `${counts.warn} warning${counts.warn > 1 ? 's' : ''}` : null,
    counts.fail ? `${counts.fail} failed` : null,
  ]
    .filter(Boolean)
    .join(' · ')
  const multi = traced.layers.length > 1
  const skipped = counts.skipped
  const toggle = useMemo(
    () =>
      skipped > 0 ? (
        <Switch
          size="xs"
          checked={showSkipped}
          onChange={(event) => setShowSkipped(event.currentTarget.checked)}
          label={`Show ${skipped} not checked`}
          data-testid="show-skipped"
        />
      ) : undefined,
    [skipped, showSkipped],
  )
  return (
    <Panel title="Checks" meta={meta} data-testid="checks-panel" actions={toggle}>
      {traced.layers.map((layer, i) => (
        <div key={i}>
          {multi && <LayerCaption index={i} analysis={analysis} checks={layer.checks} />}
          <ChecksList checks={layer.checks} hideSkipped={!showSkipped} data-testid={`checks-layer-${i}`} />
        </div>
      ))}
    </Panel>
  )
}

function LayerCaption({ index, analysis, checks }: { index: number; analysis: Analysis; checks: readonly Check[] }) {
  const layer = analysis.layers[index]
  const failed = checks.filter((c) => c.status === 'fail').length
  return (
    <div className={classes.layerCaption}>
      {layer?.kind === 'jwe' ? <IconLock size={13} aria-hidden /> : <IconSignature size={13} aria-hidden />}
      Layer {index + 1} · {layer?.kind === 'jwe' ? 'encrypted (JWE)' : 'signed (JWS)'}
      {failed > 0 && (
        <Badge size="xs" color="red" variant="light" tt="none">
          {failed} failed
        </Badge>
      )}
    </div>
  )
}

export interface FindingsPanelProps {
  findings: LayerFindings[]
  weakSecret: Verification['weakSecret']
  layerCount: number
  /** put a found secret into the key panel, to verify with it */
  onUseSecret: (secret: string, variant: WeakSecretMatch['variant']) => void
}

/** Memoised: findings rarely change as the timeline cursor moves. */
export const FindingsPanel = memo(function FindingsPanel({
  findings,
  weakSecret,
  layerCount,
  onUseSecret,
}: FindingsPanelProps) {
  const all = findings.flatMap((entry) => entry.findings)
  return (
    <Panel title="Findings" meta={all.length ? severitySummary(all) : 'none'} data-testid="findings-panel">
      {weakSecret.layer !== null && (
        <WeakSecretRow
          state={weakSecret.state}
          onCancel={weakSecret.cancel}
          onRunAgain={weakSecret.runAgain}
          onUse={onUseSecret}
        />
      )}
      {all.length === 0 ? (
        <div className={classes.noFindings}>
          <IconCircleCheck size={15} stroke={1.8} color="var(--signet-ok)" aria-hidden />
          No security findings for this token.
        </div>
      ) : (
        findings.map((entry) =>
          entry.findings.length === 0 ? null : (
            <div key={entry.layer}>
              {layerCount > 1 && <div className={classes.layerCaption}>Layer {entry.layer + 1}</div>}
              <FindingsList findings={entry.findings} data-testid={`findings-layer-${entry.layer}`} />
            </div>
          ),
        )
      )}
    </Panel>
  )
})

function WeakSecretRow({
  state,
  onCancel,
  onRunAgain,
  onUse,
}: {
  state: WeakSecretState
  onCancel: () => void
  onRunAgain: () => void
  onUse: FindingsPanelProps['onUseSecret']
}) {
  switch (state.status) {
    case 'idle':
      return null
    case 'running':
      return (
        <div className={classes.weak} data-status="running" data-testid="weak-secret">
          <Loader size={12} />
          <span>
            Trying well-known HMAC secrets
            {state.total ? ` · ${state.tried.toLocaleString('en-US')} of ${state.total.toLocaleString('en-US')}` : '…'}
          </span>
          <Progress
            className={classes.weakProgress}
            size="sm"
            value={state.total ? (100 * state.tried) / state.total : 0}
            aria-label="Weak-secret search progress"
          />
          <Button size="compact-xs" variant="default" onClick={onCancel} data-testid="weak-secret-cancel">
            Cancel
          </Button>
        </div>
      )
    case 'found':
      return (
        <div className={classes.weak} data-status="found" data-testid="weak-secret">
          <IconAlertCircle size={14} aria-hidden />
          <span>
            The secret is <strong>{JSON.stringify(state.match.secret)}</strong>
            {state.match.variant === 'base64-decoded' ? ' (base64-decoded)' : ''} — found after{' '}
            {state.match.candidatesTried.toLocaleString('en-US')} of {state.total.toLocaleString('en-US')} well-known
            secrets, in {state.elapsedMs} ms.
          </span>
          <Button
            size="compact-xs"
            variant="default"
            ml="auto"
            onClick={() => onUse(state.match.secret, state.match.variant)}
            data-testid="weak-secret-use"
          >
            Verify with it
          </Button>
        </div>
      )
    case 'clean':
      return (
        <div className={classes.weak} data-status="clean" data-testid="weak-secret">
          <IconCircleCheck size={14} color="var(--signet-ok)" aria-hidden />
          <span>
            None of {state.total.toLocaleString('en-US')} well-known HMAC secrets verifies this token ({state.elapsedMs}{' '}
            ms). A secret outside the list may still be weak.
          </span>
        </div>
      )
    case 'cancelled':
      return (
        <div className={classes.weak} data-status="cancelled" data-testid="weak-secret">
          <span>
            Weak-secret search cancelled after {state.tried.toLocaleString('en-US')} of{' '}
            {state.total.toLocaleString('en-US')}.
          </span>
          <Button size="compact-xs" variant="default" ml="auto" onClick={onRunAgain}>
            Run again
          </Button>
        </div>
      )
    case 'error':
      return (
        <div className={classes.weak} data-status="error" data-testid="weak-secret">
          <IconAlertCircle size={14} aria-hidden />
          <span>
            <code>{state.error.code}</code> {state.error.message}
          </span>
          <Button size="compact-xs" variant="default" ml="auto" onClick={onRunAgain}>
            Run again
          </Button>
        </div>
      )
  }
}

export function DecryptedContentPanel({ text, children }: { text: string | null; children?: React.ReactNode }) {
  return (
    <Panel
      title="Decrypted content"
      meta={children ? 'JSON claims, not signed' : text === null ? 'binary' : 'text'}
      data-testid="decrypted-panel"
    >
      {children ?? <pre className={`${classes.decrypted} ${classes.exportJson}`}>{text ?? '(not UTF-8 text)'}</pre>}
    </Panel>
  )
}
