import { Alert, Checkbox, Stack, Text } from '@mantine/core'
import { IconListCheck } from '@tabler/icons-react'
import type { RevokeSignedByResult } from '#shared/contract/revocations'
import { plural } from '#shared/text/plural'

/**
 * The compromise dialog's offer (issue #7.4): how many still-unexpired tokens the key signed carry a
 * status index (from a dry run of `status-list:revoke-signed-by`), how many notes have no recorded
 * signer, and a checkbox to set those indexes INVALID (draft-ietf-oauth-status-list §7.1) right
 * after the key is marked compromised. Nothing is shown when the set has no status list notes.
 */
export function RevokeTokensOffer({
  kid,
  survey,
  checked,
  onChange,
}: {
  kid: string
  survey: RevokeSignedByResult
  checked: boolean
  onChange: (checked: boolean) => void
}) {
  const pending = survey.live - survey.alreadyInvalid
  if (survey.live === 0 && survey.unknownSigner === 0) return null
  const where = survey.lists.map((l) => l.name).join(', ')
  return (
    <Alert
      variant="light"
      color="orange"
      icon={<IconListCheck size={16} />}
      py={8}
      title="Tokens it signed"
      data-testid="revoke-tokens-offer"
    >
      <Stack gap={6}>
        <Text fz="sm" data-testid="revoke-tokens-count">
          {survey.live === 0
            ? `No unexpired token signed by ${kid} carries a status index.`
            : `${plural(survey.live, 'unexpired token')} signed by ${kid} ${survey.live === 1 ? 'carries' : 'carry'} a status index in ${where}${
                survey.alreadyInvalid > 0 ? ` (${plural(survey.alreadyInvalid, 'is', 'are')} INVALID already)` : ''
              }.`}
        </Text>
        {survey.unknownSigner > 0 && (
          <Text fz="sm" data-testid="revoke-tokens-unknown">
            {plural(survey.unknownSigner, 'note')} in the set’s status lists{' '}
            {survey.unknownSigner === 1 ? 'has' : 'have'} no recorded signer (issued before Signet recorded it): check{' '}
            {survey.unknownSigner === 1 ? 'it' : 'them'} on the Revocations screen.
          </Text>
        )}
        {pending > 0 && (
          <Checkbox
            label={`Also mark ${pending === 1 ? 'it' : `these ${pending.toLocaleString('en-US')}`} INVALID`}
            description="Verifiers see it once the status list is exported and published again."
            checked={checked}
            onChange={(event) => onChange(event.currentTarget.checked)}
            data-testid="revoke-tokens"
          />
        )}
      </Stack>
    </Alert>
  )
}

/** The result note's sentence after the revocation ran. */
export function revocationDetail(result: RevokeSignedByResult): string {
  if (result.revoked === 0) return 'No token needed marking INVALID.'
  const lists = result.lists.map((l) => l.name).join(', ')
  return `${plural(result.revoked, 'token')} marked INVALID in ${lists}: export and publish ${result.lists.length === 1 ? 'the status list' : 'those status lists'} (Revocations screen) so verifiers see it.`
}
