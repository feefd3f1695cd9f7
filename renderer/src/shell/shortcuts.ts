/**
 * The app-wide keyboard shortcuts as a pure function from a key event to a command, so the
 * mapping is unit-tested without a DOM. Mod is Cmd on macOS and Ctrl elsewhere, like every
 * desktop editor.
 */

export type ShellCommand =
  { type: 'go-to-screen'; index: number } | { type: 'focus-token-editor' } | { type: 'show-shortcuts' }

export interface KeyInput {
  key: string
  code: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  shiftKey: boolean
  /** the event comes from a text field or an editor, where plain keys are typing */
  inEditable: boolean
}

export function commandForKey(event: KeyInput, isMac: boolean, screenCount: number): ShellCommand | null {
  const mod = isMac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey
  if (mod && !event.altKey) {
    // event.code, not key: on AZERTY the digit row types "&é\"'(" without Shift.
    const digit = /^Digit([1-9])$/.exec(event.code)?.[1] ?? (/^[1-9]$/.test(event.key) ? event.key : undefined)
    if (digit !== undefined && !event.shiftKey) {
      const index = Number(digit) - 1
      return index < screenCount ? { type: 'go-to-screen', index } : null
    }
    if (!event.shiftKey && (event.key.toLowerCase() === 'l' || event.code === 'KeyL'))
      return { type: 'focus-token-editor' }
    if (event.key === '/' || event.code === 'Slash') return { type: 'show-shortcuts' }
    return null
  }
  if (event.key === '?' && !event.ctrlKey && !event.metaKey && !event.altKey && !event.inEditable)
    return { type: 'show-shortcuts' }
  return null
}

export interface ShortcutDescription {
  keys: string[]
  label: string
}

export function modifierLabel(isMac: boolean): string {
  return isMac ? '⌘' : 'Ctrl'
}

export function describeShortcuts(isMac: boolean, screenLabels: readonly string[]): ShortcutDescription[] {
  const mod = modifierLabel(isMac)
  return [
    ...screenLabels.slice(0, 9).map((label, i) => ({ keys: [mod, String(i + 1)], label: `Go to ${label}` })),
    { keys: [mod, 'L'], label: 'Focus the token editor' },
    { keys: ['?'], label: 'Show these shortcuts' },
    { keys: [mod, '/'], label: 'Show these shortcuts (also inside an editor)' },
    { keys: ['Tab'], label: 'Move to the next control' },
    { keys: ['Esc'], label: 'Close a dialog or menu' },
  ]
}
