import { createTheme, localStorageColorSchemeManager, rem, type MantineColorScheme } from '@mantine/core'

/**
 * Signet's look: dense and calm, like an editor rather than a web page. Smaller type and spacing
 * than Mantine's defaults, system fonts only (the app is offline and ships no web fonts), and one
 * restrained accent colour.
 */

export const monospaceFont =
  "ui-monospace, 'JetBrains Mono', 'SF Mono', 'Cascadia Code', Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace"

export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 6, dark: 4 },
  defaultRadius: 'sm',
  focusRing: 'auto',
  fontFamily:
    "system-ui, -apple-system, 'Segoe UI', 'Inter', 'Cantarell', 'Noto Sans', 'Helvetica Neue', Arial, sans-serif",
  fontFamilyMonospace: monospaceFont,
  fontSizes: { xs: rem(11), sm: rem(12.5), md: rem(13.5), lg: rem(15), xl: rem(18) },
  lineHeights: { xs: '1.4', sm: '1.45', md: '1.5', lg: '1.5', xl: '1.5' },
  spacing: { xs: rem(6), sm: rem(10), md: rem(14), lg: rem(18), xl: rem(28) },
  headings: {
    fontWeight: '600',
    sizes: {
      h1: { fontSize: rem(20), lineHeight: '1.3' },
      h2: { fontSize: rem(16), lineHeight: '1.35' },
      h3: { fontSize: rem(14), lineHeight: '1.4' },
      h4: { fontSize: rem(13), lineHeight: '1.4' },
    },
  },
  components: {
    Tooltip: { defaultProps: { openDelay: 350, withArrow: true, fz: 'xs' } },
    Badge: { defaultProps: { radius: 'sm' } },
    Kbd: { defaultProps: { size: 'xs' } },
    // Mantine's own close buttons are icon-only: give each a name and a tooltip (the title) saying what it does.
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Close panel', title: 'Close (Esc)' } } },
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog', title: 'Close (Esc)' } } },
    Alert: { defaultProps: { closeButtonLabel: 'Dismiss', attributes: { closeButton: { title: 'Dismiss' } } } },
  },
})

/** Where the chosen scheme (system / light / dark) lives between launches. */
export const colorSchemeStorageKey = 'signet.color-scheme'
export const colorSchemeManager = localStorageColorSchemeManager({ key: colorSchemeStorageKey })

export const colorSchemeChoices: { value: MantineColorScheme; label: string }[] = [
  { value: 'auto', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
]
