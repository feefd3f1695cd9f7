import { Button, Group, Modal, NumberInput, Stack, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import type { SerializedError } from '#shared/errors'
import { certificateLimits } from '#shared/managed-keys/certificate-limits'
import type { KeyInfo } from '#shared/managed-keys/types'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import type { ResultNote } from './result-note'
import { formatUtc } from '../../components/format-time'

/**
 * Issues a self-signed X.509 certificate for a key (keys:certificate): main signs it with the key's
 * private half, which never reaches this window, and publishes it as the key's x5c and x5t#S256.
 */
export function CertificateModal({
  keyInfo,
  onClose,
  onDone,
}: {
  keyInfo: KeyInfo
  onClose: () => void
  onDone: (note: ResultNote) => void
}) {
  const [subject, setSubject] = useState(keyInfo.setName)
  const [days, setDays] = useState<number>(certificateLimits.defaultDays)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<SerializedError | null>(null)
  const replacing = Array.isArray(keyInfo.publicJwk?.x5c)

  const issue = async () => {
    setBusy(true)
    setError(null)
    try {
      const result = await call((api) => api.keys.certificate({ kid: keyInfo.kid, days, subject: subject.trim() }))
      onDone({
        title: `Certificate issued for ${keyInfo.kid}`,
        detail: `${result.certificate.subject}, valid until ${formatUtc(result.certificate.notAfter)}; published in the JWKS as x5c with x5t#S256 ${result.certificate.x5tS256}.`,
        warnings: result.warnings,
      })
    } catch (caught) {
      setError(toCallError(caught))
    } finally {
      setBusy(false)
    }
  }

  const subjectOk = subject.trim().length > 0 && subject.trim().length <= certificateLimits.maxSubjectLength
  return (
    <Modal
      opened
      onClose={onClose}
      title={replacing ? 'Replace the self-signed certificate' : 'Self-signed certificate'}
      size="md"
      data-testid="certificate-modal"
    >
      <Stack gap="sm">
        <Text fz="sm">
          An X.509 certificate for <b>{keyInfo.kid}</b>, signed with its own private key in the main process, for
          verifiers that want <code>x5c</code>. It is published in the set’s JWKS with its SHA-256 thumbprint (
          <code>x5t#S256</code>).
          {replacing ? ' The current certificate is replaced.' : ''}
        </Text>
        <TextInput
          size="xs"
          label="Subject and issuer (CN)"
          value={subject}
          onChange={(event) => setSubject(event.currentTarget.value)}
          maxLength={certificateLimits.maxSubjectLength}
          error={subjectOk ? undefined : `1 to ${certificateLimits.maxSubjectLength} characters`}
          data-testid="certificate-subject"
        />
        <NumberInput
          size="xs"
          label="Valid for (days)"
          min={1}
          max={certificateLimits.maxDays}
          value={days}
          onChange={(value) => setDays(typeof value === 'number' ? value : Number(value) || 0)}
          allowDecimal={false}
          data-testid="certificate-days"
        />
        {error && <CallErrorAlert error={error} title="The certificate was not issued" />}
        <Group justify="flex-end" gap={6}>
          <Button size="xs" variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            size="xs"
            onClick={issue}
            loading={busy}
            disabled={!subjectOk || days < 1 || days > certificateLimits.maxDays}
            data-testid="certificate-issue"
          >
            {replacing ? 'Replace certificate' : 'Issue certificate'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
