import { Alert, Button, Drawer, Group, Loader, Stack, Text } from '@mantine/core'
import { IconCertificate, IconDeviceFloppy, IconLock } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import type { SerializedError } from '#shared/errors'
import type { PublicKeyExport, SetInfo } from '#shared/contract/keys'
import type { KeyAction, KeyInfo } from '#shared/managed-keys/types'
import type { JsonValue } from '#shared/encoding/json'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import { CopyValueButton } from '../../components/copy-value-button'
import { formatUtc, relativeTo } from '../../components/format-time'
import { JsonView } from '../../components/json-view'
import { MiddleTruncated } from '../../components/middle-truncated'
import { KeyStateBadge } from '../../components/key-state-badge'
import { availableActions, keyActionText } from './key-actions'
import { CertificateSection } from './certificate-section'
import { describeAlgorithm, summarizeNextStep } from './key-summary'
import { describePastEvent } from '#shared/time/past-event'
import type { KeyFileActions } from './keys-table'
import classes from './keys.module.css'
import type { KeyLastUsed } from './use-last-used'

type ExportState =
  { status: 'loading' } | { status: 'ready'; value: PublicKeyExport } | { status: 'error'; error: SerializedError }

/**
 * A key's details: what it is, its public key as JWK and PEM, its RFC 7638 thumbprint, its history,
 * and its next step. The public half comes from keys:export-public (recorded in the audit log);
 * nothing private is ever asked for.
 */
export function KeyDetailsDrawer({
  keyInfo,
  set,
  now,
  onClose,
  onAction,
  files,
  lastUsed,
}: {
  keyInfo: KeyInfo | null
  set: SetInfo | null
  now: number
  onClose: () => void
  onAction: (key: KeyInfo, action: KeyAction) => void
  files: KeyFileActions
  lastUsed: KeyLastUsed
}) {
  // Keyed by kid: reopening a key shows what was exported for it instead of exporting (and auditing) it again.
  const [exports, setExports] = useState<Record<string, ExportState>>({})
  const kid = keyInfo?.kid ?? null
  const hasPublic = keyInfo !== null && keyInfo.publicJwk !== null
  const known = kid !== null && exports[kid] !== undefined

  useEffect(() => {
    if (!kid || !hasPublic || known) return
    let cancelled = false
    call((api) => api.keys.exportPublic({ kid })).then(
      (value) => !cancelled && setExports((e) => ({ ...e, [kid]: { status: 'ready', value } })),
      (error: unknown) =>
        !cancelled && setExports((e) => ({ ...e, [kid]: { status: 'error', error: toCallError(error) } })),
    )
    return () => {
      cancelled = true
    }
  }, [kid, hasPublic, known])
  const exported: ExportState = (kid ? exports[kid] : undefined) ?? { status: 'loading' }

  const key = keyInfo
  const next = key && set ? summarizeNextStep(key, set, now) : null
  return (
    <Drawer
      opened={key !== null}
      onClose={onClose}
      position="right"
      size={560}
      title={
        key && (
          <Group gap={8} wrap="nowrap">
            <MiddleTruncated value={key.kid} label="kid" max={36} strong testId="drawer-kid" />
            <KeyStateBadge state={key.state} />
          </Group>
        )
      }
      data-testid="key-details"
      overlayProps={{ backgroundOpacity: 0.25 }}
    >
      {key && (
        <Stack gap="md" data-testid="key-details-body">
          <dl className={classes.facts}>
            <dt>Set</dt>
            <dd>{key.setName}</dd>
            <dt>Algorithm</dt>
            <dd className={classes.mono}>{describeAlgorithm(key)}</dd>
            <dt>Origin</dt>
            <dd>
              {key.origin}
              {key.rotatedFrom ? ` (replaces ${key.rotatedFrom})` : ''}
            </dd>
            <dt>Created</dt>
            <dd>
              <PastTimeFact value={key.history[0]!.at} now={now} />
            </dd>
            <dt>Last used</dt>
            <dd data-testid="key-last-used">
              {lastUsed.byKid.has(key.kid) ? (
                <PastTimeFact value={lastUsed.byKid.get(key.kid)!} now={now} />
              ) : lastUsed.known ? (
                'never signed a token'
              ) : (
                'unknown (the audit log could not be read)'
              )}
            </dd>
            <dt>Private key</dt>
            <dd data-testid="key-secret">
              {key.secret === 'present'
                ? 'in the OS keychain (never shown, never sent to this window)'
                : key.secret === 'missing'
                  ? 'missing from the OS keychain — restore it from a backup, or compromise and replace the key'
                  : 'destroyed; only this tombstone remains'}
            </dd>
            {key.activateAt && (
              <>
                <dt>Activates</dt>
                <dd>
                  {formatUtc(key.activateAt)} · {relativeTo(key.activateAt, now)} (scheduled by rotation)
                </dd>
              </>
            )}
            {key.signedUntil && (
              <>
                <dt>Signed while not active</dt>
                <dd>a token valid until {formatUtc(key.signedUntil)}: unpublishing waits for it</dd>
              </>
            )}
          </dl>

          {next && (
            <Alert
              variant="light"
              color={next.ready ? 'indigo' : 'gray'}
              py={8}
              title={`Next: ${next.label.toLowerCase()}`}
              data-testid="drawer-next-step"
            >
              <Text fz="sm">{next.detail}</Text>
            </Alert>
          )}

          <section className={classes.drawerSection}>
            <div className={classes.drawerSectionTitle}>Thumbprint · RFC 7638 SHA-256</div>
            <div className={classes.valueBox}>
              <span className={classes.mono} data-testid="thumbprint">
                {key.thumbprint}
              </span>
              <CopyValueButton value={key.thumbprint} label="thumbprint" testId="copy-thumbprint" />
            </div>
            {exported.status === 'ready' && (
              <div className={classes.valueBox}>
                <span className={classes.mono} data-testid="thumbprint-uri">
                  {exported.value.thumbprintUri}
                </span>
                <CopyValueButton value={exported.value.thumbprintUri} label="thumbprint URI (RFC 9278)" />
              </div>
            )}
          </section>

          {key.publicJwk === null ? (
            <Alert variant="light" color="gray" icon={<IconLock size={16} />} py={8}>
              <Text fz="sm">
                {key.alg} uses a shared secret: there is no public key to publish or copy, and the secret never leaves
                the keychain except inside an encrypted backup. HS keys never appear in a JWKS.
              </Text>
            </Alert>
          ) : exported.status === 'loading' ? (
            <Group gap={8}>
              <Loader size="xs" />
              <Text fz="xs" c="dimmed">
                Exporting the public key…
              </Text>
            </Group>
          ) : exported.status === 'error' ? (
            <CallErrorAlert error={exported.error} title="The public key could not be exported" />
          ) : (
            <>
              <section className={classes.drawerSection} data-testid="public-jwk">
                <div className={classes.drawerSectionTitle}>
                  <span style={{ flex: 1 }}>Public JWK</span>
                  <CopyValueButton
                    value={JSON.stringify(exported.value.jwk, null, 2)}
                    label="public JWK"
                    testId="copy-jwk"
                  />
                </div>
                <div className={classes.valueBox}>
                  <JsonView value={exported.value.jwk as JsonValue} />
                </div>
              </section>
              <section className={classes.drawerSection} data-testid="public-pem">
                <div className={classes.drawerSectionTitle}>
                  <span style={{ flex: 1 }}>Public key · PEM (SubjectPublicKeyInfo)</span>
                  <CopyValueButton value={exported.value.pem} label="public key PEM" testId="copy-pem" />
                </div>
                <pre className={classes.pem}>{exported.value.pem.trim()}</pre>
              </section>
            </>
          )}

          {key.publicJwk?.x5c !== undefined && <CertificateSection key={key.kid} x5c={key.publicJwk.x5c} now={now} />}

          <section className={classes.drawerSection}>
            <div className={classes.drawerSectionTitle}>History</div>
            <ol className={classes.history} data-testid="key-history">
              {key.history.map((entry, i) => (
                <li key={i}>
                  <span>
                    <KeyStateBadge state={entry.state} size="xs" />
                  </span>
                  <span>
                    <Text fz="xs">
                      <PastTimeFact value={entry.at} now={now} />
                      {entry.forced ? ' · forced before its safe date' : ''}
                    </Text>
                    {entry.reason && (
                      <Text fz="xs" c="dimmed">
                        Reason: {entry.reason}
                      </Text>
                    )}
                  </span>
                </li>
              ))}
            </ol>
          </section>

          <Group gap={6} className={classes.drawerFooter} data-testid="drawer-actions">
            {key.publicJwk && (
              <>
                <Button
                  size="xs"
                  variant="default"
                  leftSection={<IconDeviceFloppy size={14} />}
                  onClick={() => files.onSave(key.kid, 'pem')}
                  data-testid="drawer-save-pem"
                >
                  Save PEM…
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  leftSection={<IconDeviceFloppy size={14} />}
                  onClick={() => files.onSave(key.kid, 'jwk')}
                  data-testid="drawer-save-jwk"
                >
                  Save JWK…
                </Button>
                {(key.state === 'staged' || key.state === 'active' || key.state === 'retired') &&
                  key.secret === 'present' && (
                    <Button
                      size="xs"
                      variant="default"
                      leftSection={<IconCertificate size={14} />}
                      onClick={() => files.onCertificate(key)}
                      data-testid="drawer-certificate"
                    >
                      Certificate…
                    </Button>
                  )}
              </>
            )}
            {availableActions(key).map((action) => (
              <Button
                key={action}
                size="xs"
                variant={keyActionText[action].destructive ? 'light' : 'default'}
                color={keyActionText[action].destructive ? 'red' : undefined}
                onClick={() => onAction(key, action)}
                data-testid={`drawer-action-${action}`}
              >
                {keyActionText[action].label}…
              </Button>
            ))}
          </Group>
        </Stack>
      )}
    </Drawer>
  )
}

/** A recorded time in the drawer's facts: "2026-03-06T11:31:00Z · 3 days ago", or flagged as ahead of the clock. */
function PastTimeFact({ value, now }: { value: string; now: number }) {
  const event = describePastEvent(value, now)
  if (!event.future)
    return (
      <>
        {event.at} · {event.relative}
      </>
    )
  return (
    <span className={classes.clockProblem} data-future>
      {event.at} · {event.relative} — {event.advice}
    </span>
  )
}
