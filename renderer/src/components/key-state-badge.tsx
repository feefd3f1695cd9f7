import { Badge, type MantineColor } from '@mantine/core'
import type { KeyState } from '#shared/managed-keys/types'

/** One colour per lifecycle state, shared by the badges, the timeline and the JWKS list. */
export const keyStateColors: Record<KeyState, MantineColor> = {
  staged: 'blue',
  active: 'teal',
  retired: 'yellow',
  unpublished: 'gray',
  compromised: 'red',
  destroyed: 'dark',
}

export const keyStateDescriptions: Record<KeyState, string> = {
  staged: 'Published in the JWKS, not signing yet',
  active: 'The set’s signing key; published',
  retired: 'Verify-only: published until every token it signed has expired',
  unpublished: 'Out of the JWKS; the private key still exists',
  compromised: 'Out of the JWKS at once; every token it signed is suspect',
  destroyed: 'Private key deleted; a tombstone keeps the kid from reuse',
}

export function KeyStateBadge({ state, size = 'sm' }: { state: KeyState; size?: 'xs' | 'sm' | 'md' }) {
  return (
    <Badge
      color={keyStateColors[state]}
      variant={state === 'active' ? 'filled' : state === 'destroyed' ? 'outline' : 'light'}
      size={size}
      tt="none"
      fw={600}
      title={keyStateDescriptions[state]}
      data-state={state}
      data-testid="key-state"
    >
      {state}
    </Badge>
  )
}
