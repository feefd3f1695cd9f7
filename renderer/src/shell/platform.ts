/** macOS uses Cmd where other systems use Ctrl; shortcuts and their labels follow. */
export function isMacPlatform(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent)
}
