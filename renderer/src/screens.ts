import type { ComponentType } from 'react'
import type { ScreenProps } from './screen-props'
import {
  IconBan,
  IconHistory,
  IconKey,
  IconRadar,
  IconScanEye,
  IconSignature,
  IconStack2,
  type Icon,
} from '@tabler/icons-react'
import { AuditScreen } from './features/audit/audit-screen'
import { InspectorScreen } from './features/inspector/inspector-screen'
import { KeysScreen } from './features/keys/keys-screen'
import { ScanScreen } from './features/scan/scan-screen'
import { JwksScreen } from './features/jwks/jwks-screen'
import { RevocationsScreen } from './features/revocations/revocations-screen'
import { SignScreen } from './features/sign/sign-screen'

/**
 * The screen registry: the navigation rail, the Ctrl/Cmd+number shortcuts, the shortcuts dialog
 * and the main area are all built from this one list.
 *
 * To add a screen: build it as one folder, renderer/src/features/<name>/, whose component takes
 * ScreenProps; then set `component` on its entry below (or add an entry). An entry without a
 * component shows its `placeholder` as a designed empty state.
 */

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
    component: KeysScreen,
  },
  {
    id: 'sign',
    label: 'Sign',
    icon: IconSignature,
    summary: 'Compose claims and sign a token with a keychain key',
    component: SignScreen,
  },
  {
    id: 'jwks',
    label: 'JWKS',
    icon: IconStack2,
    summary: 'Export a key set as a stable, reviewable JWKS',
    component: JwksScreen,
  },
  {
    id: 'scan',
    label: 'Scan',
    icon: IconRadar,
    summary: 'Find and lint every token in HAR captures and logs',
    component: ScanScreen,
  },
  {
    id: 'revocations',
    label: 'Revocations',
    icon: IconBan,
    summary: 'Revocation lists, including the IETF Token Status List',
    component: RevocationsScreen,
  },
  {
    id: 'audit',
    label: 'Audit',
    icon: IconHistory,
    summary: 'The hash-chained log of everything done to keys',
    component: AuditScreen,
  },
]

export function screenById(id: string): ScreenDefinition | undefined {
  return screens.find((screen) => screen.id === id)
}
