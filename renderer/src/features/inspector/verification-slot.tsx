import { Text } from '@mantine/core'
import { IconShieldQuestion } from '@tabler/icons-react'
import type { DecodedToken } from '../../../../shared/token/decode'
import { Panel } from '../../components/panel'
import classes from './inspector.module.css'

/**
 * Where verification lives in the inspector's result column, below the decoded parts: the key
 * panel (paste a public key or JWKS), the policy panel (expected iss/aud/algs, clock skew), then
 * the checks list, the findings and the validity timeline. This slot is the one place they plug
 * in; until they do it says plainly that nothing has been verified.
 */
export function VerificationSlot({ token }: { token: DecodedToken; now: number }) {
  const encrypted = token.type === 'jwe'
  return (
    <Panel title="Verification" meta="not run" data-testid="verification-slot">
      <div className={classes.verificationEmpty}>
        <IconShieldQuestion size={18} stroke={1.6} aria-hidden />
        <div>
          <Text fz="sm" fw={500}>
            {encrypted ? 'Not decrypted, not verified.' : 'Decoded, not verified.'}
          </Text>
          <Text fz="xs" c="dimmed">
            Everything above is what the token claims. Whether it is true needs the issuer’s {encrypted ? 'decryption key' : 'public key'} and
            a policy: the key, policy, checks, findings and validity timeline appear here.
          </Text>
        </div>
      </div>
    </Panel>
  )
}
