import { Alert, Button, Checkbox, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core'
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react'
import { useEffect, useMemo, useState } from 'react'
import type { SerializedError } from '#shared/errors'
import type { SetInfo, TransitionResult } from '#shared/contract/keys'
import type { RevokeSignedByResult } from '#shared/contract/revocations'
import { minimumReasonLength } from '#shared/managed-keys/model'
import type { KeyAction, KeyInfo } from '#shared/managed-keys/types'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import { formatUtc, relativeTo } from '../../components/format-time'
import { KeyStateBadge } from '../../components/key-state-badge'
import { keyActionText, kidConfirmed, previewTransition } from './key-actions'
import { RevokeTokensOffer, revocationDetail } from './revoke-tokens-offer'
import type { ResultNote } from './result-note'
import classes from './keys.module.css'

/**
 * Confirms one lifecycle move. Before anything is sent it shows what will happen, computed with the
 * services' own model: the other keys that change, the warnings, and for an early unpublication the
 * guard's refusal with its safe date. Moves that cannot be undone need the kid typed; forcing past
 * the guard needs a written reason, which goes into the key's history and the audit log.
 */
export function TransitionModal({
  target,
  set,
  keys,
  now,
  onClose,
  onDone,
}: {
  target: { key: KeyInfo; action: KeyAction }
  set: SetInfo
  keys: KeyInfo[]
  now: number
  onClose: () => void
  onDone: (note: ResultNote) => void
}) {
  const { key, action } = target
  const text = keyActionText[action]
  const [typedKid, setTypedKid] = useState('')
  const [force, setForce] = useState(false)
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<SerializedError | null>(null)
  const [revokeTokens, setRevokeTokens] = useState(false)
  const [liveTokens, setLiveTokens] = useState<RevokeSignedByResult | null>(null)
  useEffect(() => {
    if (action !== 'compromise') return
    let current = true
    // A dry run: counts what the key signed that is still live, changes nothing.
    call((api) => api.statusList.revokeSignedBy({ kid: key.kid, dryRun: true }))
      .then((result) => current && setLiveTokens(result))
      .catch(() => current && setLiveTokens(null))
    return () => {
      current = false
    }
  }, [action, key.kid])
  const own = useMemo(() => keys.filter((k) => k.setId === set.id), [keys, set.id])
  const preview = useMemo(() => previewTransition(set, own, key, action, new Date(now)), [set, own, key, action, now])
  const serverTooEarly = error?.code === 'ERR_LIFECYCLE_TOO_EARLY'
  const guarded = preview.forceable || serverTooEarly
  const needsReason = (guarded && force) || action === 'compromise'
  const reasonOk = !(guarded && force) || reason.trim().length >= minimumReasonLength
  const confirmed = !text.destructive || kidConfirmed(typedKid, key.kid)
  const blockedForGood = preview.blocked !== null && !preview.forceable
  const canSubmit = !busy && confirmed && reasonOk && !blockedForGood && (!guarded || force)

  const submit = async () => {
    if (!canSubmit) return
    setBusy(true)
    setError(null)
    const input = {
      kid: key.kid,
      ...(guarded && force ? { force: true } : {}),
      ...(needsReason && reason.trim() ? { reason: reason.trim() } : {}),
    }
    try {
      const result: TransitionResult = await call((api) => {
        switch (action) {
          case 'activate':
            return api.keys.activate(input)
          case 'retire':
            return api.keys.retire(input)
          case 'unpublish':
            return api.keys.unpublish(input)
          case 'compromise':
            return api.keys.compromise(input)
          case 'destroy':
            return api.keys.destroy(input)
        }
      })
      const also = result.alsoChanged.map((k) => `${k.kid} is now ${k.state}`)
      let revoked = ''
      if (action === 'compromise' && revokeTokens) {
        try {
          const revocation = await call((api) =>
            api.statusList.revokeSignedBy({
              kid: key.kid,
              dryRun: false,
              reason: `signing key ${key.kid} compromised${reason.trim() ? `: ${reason.trim()}` : ''}`.slice(0, 500),
            }),
          )
          revoked = revocationDetail(revocation)
        } catch (caught) {
          // The key is compromised already; say the tokens were not revoked and how to do it.
          revoked = `Its tokens were NOT marked invalid (${toCallError(caught).message}); run it again from this dialog or with signet keys compromise ${key.kid} --revoke-tokens.`
        }
      }
      const detail = [also.length ? `${also.join('; ')}.` : '', revoked].filter(Boolean).join(' ')
      onDone({ title: `${key.kid} is now ${result.key.state}`, detail: detail || undefined, warnings: result.warnings })
    } catch (caught) {
      setError(toCallError(caught))
      setBusy(false)
    }
  }

  return (
    <Modal
      opened
      onClose={onClose}
      title={text.title(key.kid)}
      size={540}
      data-testid="transition-modal"
      data-action={action}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <Stack gap="sm">
          <Group gap={6}>
            <KeyStateBadge state={key.state} />
            <Text fz="xs" c="dimmed">
              →
            </Text>
            <KeyStateBadge state={actionTarget[action]} />
            <Text fz="xs" c="dimmed" ml={4}>
              {key.alg} in {set.name}
            </Text>
          </Group>
          <Text fz="sm">{text.effect}</Text>

          {preview.alsoChanged.length > 0 && (
            <Alert variant="light" color="blue" icon={<IconInfoCircle size={16} />} py={8} data-testid="also-changes">
              {preview.alsoChanged.map((change) => (
                <Text fz="sm" key={change.kid}>
                  {change.to === 'schedule cancelled'
                    ? `The scheduled activation of ${change.kid} is cancelled.`
                    : `${change.kid} becomes ${change.to}.`}
                </Text>
              ))}
            </Alert>
          )}
          {preview.warnings
            .filter((w) => w.code !== 'WARN_FORCED_EARLY')
            .map((warning) => (
              <Alert
                key={warning.code}
                variant="light"
                color="orange"
                icon={<IconAlertTriangle size={16} />}
                py={8}
                data-code={warning.code}
              >
                <Text fz="sm">{warning.message}</Text>
              </Alert>
            ))}

          {guarded && (
            <Alert
              variant="light"
              color="red"
              icon={<IconAlertTriangle size={16} />}
              title="Not safe yet"
              data-testid="guard-refusal"
            >
              <Stack gap={6}>
                <Text fz="sm">{serverTooEarly ? error!.message : preview.blocked?.message}</Text>
                {preview.safeAt && (
                  <Text fz="sm" fw={600} data-testid="safe-at">
                    Safe from {formatUtc(preview.safeAt)} ({relativeTo(preview.safeAt, now)}).
                  </Text>
                )}
                <Checkbox
                  label="Unpublish it now anyway: I accept that those tokens fail verification"
                  checked={force}
                  onChange={(event) => setForce(event.currentTarget.checked)}
                  color="red"
                  data-testid="force"
                />
              </Stack>
            </Alert>
          )}
          {blockedForGood && <CallErrorAlert error={preview.blocked as SerializedError} title="Not possible" />}

          {action === 'compromise' && liveTokens && (
            <RevokeTokensOffer kid={key.kid} survey={liveTokens} checked={revokeTokens} onChange={setRevokeTokens} />
          )}

          {needsReason && (
            <Textarea
              label={
                action === 'compromise'
                  ? 'What happened (recorded in the key’s history and the audit log)'
                  : 'Why it must happen now (recorded in the audit log)'
              }
              description={
                guarded && force
                  ? `Required, at least ${minimumReasonLength} characters.`
                  : 'Optional, but the next person to read the audit log will want it.'
              }
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              autosize
              minRows={2}
              maxLength={1000}
              error={
                guarded && force && reason.length > 0 && !reasonOk
                  ? `At least ${minimumReasonLength} characters.`
                  : undefined
              }
              data-testid="reason"
            />
          )}

          {text.destructive && (
            <TextInput
              label={
                <>
                  Type <span className={classes.mono}>{key.kid}</span> to confirm
                </>
              }
              value={typedKid}
              onChange={(event) => setTypedKid(event.currentTarget.value)}
              autoComplete="off"
              spellCheck={false}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              data-testid="confirm-kid"
              data-autofocus
            />
          )}

          {error && !serverTooEarly && <CallErrorAlert error={error} />}

          <Group justify="flex-end" gap={6} mt={4}>
            <Button variant="default" size="xs" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              size="xs"
              color={text.destructive ? 'red' : undefined}
              loading={busy}
              disabled={!canSubmit}
              data-testid="confirm-transition"
            >
              {guarded && force ? `${text.confirmLabel} now (forced)` : text.confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

const actionTarget = {
  activate: 'active',
  retire: 'retired',
  unpublish: 'unpublished',
  compromise: 'compromised',
  destroy: 'destroyed',
} as const
