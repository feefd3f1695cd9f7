import type { ComponentType } from 'react'
import {
  IconBan,
  IconHistory,
  IconKey,
  IconScanEye,
  IconSignature,
  IconStack2,
  type Icon,
} from '@tabler/icons-react'
import { InspectorScreen } from './features/inspector/inspector-screen'

/**
 * The screen registry: the navigation rail, the Ctrl/Cmd+number shortcuts, the shortcuts dialog
 * and the main area are all built from this one list.
 *
 * To add a screen: build it as one folder, renderer/src/features/<name>/, whose component takes
 * ScreenProps; then set `component` on its entry below (or add an entry). An entry without a
 * component shows its `placeholder` as a designed empty state.
 */

export interface ScreenProps {
  /**
   * Whether the screen is the one on show. Screens stay mounted once visited (so a pasted token
   * or a half-filled form survives switching away); use this to pause timers or polling.
   */
  active: boolean
}

export interface ScreenPlaceholder {
  /** one line: what the screen will be for */
  headline: string
  /** what it will hold, as short items */
  items: string[]
}

export interface ScreenDefinition {
  id: string
  label: string
  icon: Icon
  /** one sentence for the tooltip and the shortcuts dialog */
  summary: string
  component?: ComponentType<ScreenProps>
  placeholder?: ScreenPlaceholder
}

export const screens: readonly ScreenDefinition[] = [
  {
    id: 'inspect',
    label: 'Inspect',
    icon: IconScanEye,
    summary: 'Decode a token and see what it claims',
    component: InspectorScreen,
  },
  {
    id: 'keys',
    label: 'Keys',
    icon: IconKey,
    summary: 'Signing keys in the OS keychain and their lifecycle',
    placeholder: {
      headline: 'Your signing keys, kept in the OS keychain — never in a file.',
      items: [
        'Generate or import RSA, EC and Ed25519 keys; the private part goes straight into the keychain',
        'Key sets per issuer or environment, each with one active signing key',
        'Lifecycle on a timeline: staged → active → retired → unpublished → destroyed, or compromised',
        'Rotation that refuses moves which would break tokens still in flight',
      ],
    },
  },
  {
    id: 'sign',
    label: 'Sign',
    icon: IconSignature,
    summary: 'Compose claims and sign a token with a keychain key',
    placeholder: {
      headline: 'Compose a token and sign it with a key from the keychain.',
      items: [
        'A claims editor with templates: access token (RFC 9068), ID token, DPoP proof, client assertion',
        'Time claims set relative to now: “expires in 15 min”',
        'The private key never leaves the main process; this screen only sees the signed result',
      ],
    },
  },
  {
    id: 'jwks',
    label: 'JWKS',
    icon: IconStack2,
    summary: 'Export a key set as a stable, reviewable JWKS',
    placeholder: {
      headline: 'Publish key sets as a JWKS you can review before it ships.',
      items: [
        'Stable ordering and formatting, so a diff shows exactly what changed',
        'Staged and retired keys published on schedule; compromised keys removed at once',
        'Public material only: no private member can reach the export',
      ],
    },
  },
  {
    id: 'revocations',
    label: 'Revocations',
    icon: IconBan,
    summary: 'Revocation lists, including the IETF Token Status List',
    placeholder: {
      headline: 'Revoke tokens and publish what a relying party needs to know.',
      items: [
        'Revocation lists by token id (jti) and by key',
        'IETF Token Status List: encode, sign and inspect status list tokens',
        'Tokens signed by a compromised key flagged automatically',
      ],
    },
  },
  {
    id: 'audit',
    label: 'Audit',
    icon: IconHistory,
    summary: 'The hash-chained log of everything done to keys',
    placeholder: {
      headline: 'Every change to a key, in an append-only, hash-chained log.',
      items: [
        'Each entry carries the hash of the one before, so tampering is detectable',
        'Verify the chain and export it for review',
        'Never contains secrets: ids, thumbprints and actions only',
      ],
    },
  },
]

export function screenById(id: string): ScreenDefinition | undefined {
  return screens.find((screen) => screen.id === id)
}
